"""A question's prompt as safe HTML: rendered once, when the question is saved (Question.prompt_html), never on a
student's request. Pure: no ORM."""

from django.utils.html import escape

from briefs.rendering import render_markdown, sanitize_html


def render_prompt(prompt_format: str, prompt: str) -> str:
    if prompt_format == "markdown":
        return render_markdown(prompt)
    if prompt_format == "html":
        return sanitize_html(prompt)
    return escape(prompt)
