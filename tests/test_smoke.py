from django.contrib.auth import get_user_model


def test_user_model_is_custom():
    assert get_user_model()._meta.label == "classroom.User"
