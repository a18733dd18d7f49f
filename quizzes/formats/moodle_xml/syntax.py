"""Moodle XML's names shared by the reader and the writer."""

import re

FORMATS_IN = {"html": "html", "markdown": "markdown", "plain_text": "plain", "moodle_auto_format": "markdown"}
FORMATS_OUT = {"html": "html", "markdown": "markdown", "plain": "plain_text"}
TYPES_IN = {
    "multichoice": "single",  # or multiple: <single> says
    "truefalse": "true_false",
    "shortanswer": "short_answer",
    "numerical": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "essay": "essay",
}
TYPES_OUT = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numerical": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "essay": "essay",
}
NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
