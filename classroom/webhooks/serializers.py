"""Webhook endpoints and deliveries in the API: separate input and output serializers; the secret is in the
answer to a registration only."""

from rest_framework import serializers

from classroom.webhooks.models import WebhookDelivery, WebhookEndpoint
from classroom.webhooks.policy import EVENTS
from config.fields import Text


class WebhookEndpointCreateSerializer(serializers.Serializer):
    # Checked by the service (the model's URL rules): a string the schema admits but Django does not is a 422.
    url = Text(max_length=500, help_text="Where the events are POSTed (an http or https URL).")
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS), min_length=1)
    classroom = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="A class you teach; its events only. Admins may leave it empty for every event.",
    )  # fmt: skip
    description = Text(max_length=200, required=False, allow_blank=True, default="")


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENTS))

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "classroom", "description", "active", "failing_since", "disabled_at",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret (whsec_…). Shown in this answer only: keep it now."
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "endpoint", "message_id", "event", "status", "attempts", "response_code", "duration_ms",
                  "last_error", "payload", "created_at", "next_attempt_at", "delivered_at"]  # fmt: skip
        read_only_fields = fields
