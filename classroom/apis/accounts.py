"""Thin API views for accounts: API tokens and the signed-in user."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from classroom import examples
from classroom.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer


class TokenView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        summary="Obtain an API token",
        description="Exchange a username and password for a token; send it as `Authorization: Token <token>`.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(description="Missing fields or bad credentials")},
        examples=[examples.TOKEN_REQUEST, examples.TOKEN],
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The plain HttpRequest: django-axes marks a lockout on it for its middleware (a 429).
        user = authenticate(request._request, **data.validated_data)
        if user is None:
            raise AuthenticationFailed("Unable to sign in with these credentials.")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(summary="Revoke the current token", request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(
        summary="The signed-in user", responses=MeSerializer, examples=[examples.ME_STUDENT, examples.ME_TEACHER]
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)
