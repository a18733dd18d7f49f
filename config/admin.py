"""What every app's admin shares."""


class ScopedChoices:
    """Every foreign key and many-to-many field of a form offers, and accepts, only what the user's own admin list
    of that model shows: a raw POST naming another teacher's student or class fails the form's validation, as the
    autocomplete never offers them. For model admins and inlines alike; an explicit queryset still wins."""

    def get_field_queryset(self, db, db_field, request):
        model = db_field.remote_field.model
        if not self.admin_site.is_registered(model):
            return super().get_field_queryset(db, db_field, request)
        related = self.admin_site.get_model_admin(model)
        queryset = related.get_queryset(request).using(db)
        ordering = related.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset
