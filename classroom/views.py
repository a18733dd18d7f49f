from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from classroom.selectors import classes_for_user


@login_required
def home(request):
    return render(request, "classroom/home.html", {"classes": classes_for_user(user=request.user)})
