"""Thin API views for webhooks: admins see and register every endpoint; a teacher those of the classes they
teach (another teacher's class is a 404); students none."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from classroom import selectors as classroom_selectors
from classroom.webhooks import examples, selectors, services
from classroom.webhooks.models import EVENT_CHOICES, WebhookDelivery
from classroom.webhooks.serializers import (
    WebhookDeliverySerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointCreateSerializer,
    WebhookEndpointSerializer,
)
from config.api import unprocessable
from config.fields import ChoiceFilter, IdFilter
from config.permissions import IsTeacher

REFUSED = OpenApiResponse(description="Students have no webhooks")


class WebhookEndpointListCreateView(generics.ListAPIView):
    serializer_class = WebhookEndpointSerializer
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="Webhook endpoints",
        description="Admins: all. Teachers: those of their classes.",
        examples=[examples.ENDPOINT_LIST],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.WebhookEndpoint.objects.none()
        return selectors.endpoints_visible(user=self.request.user)

    @extend_schema(
        summary="Register a webhook endpoint",
        description="The answer holds the signing secret, and is the only one that ever will: keep it.",
        request=WebhookEndpointCreateSerializer,
        responses={
            201: WebhookEndpointCreatedSerializer,
            403: REFUSED,
            404: OpenApiResponse(description="Not a class you teach"),
        },  # fmt: skip
        examples=[examples.ENDPOINT_CREATE, examples.ENDPOINT_CREATED],
    )
    def post(self, request):
        data = WebhookEndpointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if fields["classroom"] is not None:
            fields["classroom"] = classroom_selectors.class_taught(user=request.user, pk=fields["classroom"])
        elif not request.user.is_superuser:
            self.permission_denied(request, message="Only admins register endpoints for every class: name yours.")
        try:
            endpoint = services.webhook_endpoint_create(owner=request.user, **fields)
        except DjangoValidationError as exc:
            raise unprocessable(exc) from exc
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)


class WebhookEndpointDetailView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="A webhook endpoint",
        responses={200: WebhookEndpointSerializer, 403: REFUSED},
        examples=[examples.ENDPOINT_DETAIL],
    )
    def get(self, request, pk: int):
        endpoint = get_object_or_404(selectors.endpoints_visible(user=request.user), pk=pk)
        return Response(WebhookEndpointSerializer(endpoint).data)

    @extend_schema(summary="Delete a webhook endpoint", responses={204: None, 403: REFUSED})
    def delete(self, request, pk: int):
        endpoint = get_object_or_404(selectors.endpoints_visible(user=request.user), pk=pk)
        services.webhook_endpoint_delete(endpoint=endpoint)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeliveryFilter(django_filters.FilterSet):
    # An id, not a choice among the visible endpoints: another's or an unknown one lists nothing (never a 400).
    endpoint = IdFilter(field_name="endpoint_id")
    status = ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event = ChoiceFilter(choices=EVENT_CHOICES)

    class Meta:
        model = WebhookDelivery
        fields = ["endpoint", "status", "event"]


class WebhookDeliveryListView(generics.ListAPIView):
    serializer_class = WebhookDeliverySerializer
    permission_classes = [IsTeacher]
    filterset_class = DeliveryFilter

    @extend_schema(
        summary="Webhook deliveries",
        description="The delivery log of the endpoints you see.",
        examples=[examples.DELIVERY_LIST],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.WebhookDelivery.objects.none()
        return selectors.deliveries_visible(user=self.request.user)


class WebhookDeliveryResendView(APIView):
    permission_classes = [IsTeacher]

    @extend_schema(
        summary="Send a webhook delivery again",
        description="The same message (same webhook-id), queued now and retried for another 24 h.",
        request=None,
        responses={202: WebhookDeliverySerializer, 403: REFUSED},
        examples=[examples.DELIVERY_RESENT],
    )
    def post(self, request, pk: int):
        delivery = get_object_or_404(selectors.deliveries_visible(user=request.user), pk=pk)
        services.webhook_delivery_resend(deliveries=[delivery])
        delivery.refresh_from_db()
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
