from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    """Passes a CSV string through; chosen by `?format=csv` or `Accept: text/csv`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode(self.charset)
        # An error raised while CSV was asked for: say it plainly.
        return str((data or {}).get("detail", "")).encode(self.charset)
