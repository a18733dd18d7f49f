from django.contrib import admin

from quizzes.models import Attempt, Option, Question, Quiz, QuizGrade, Response


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "type", "name", "points"]
    extra = 0
    show_change_link = True


class OptionInline(admin.TabularInline):
    model = Option
    fields = ["position", "text", "fraction", "match", "feedback"]
    extra = 0


class ResponseInline(admin.TabularInline):
    model = Response
    fields = ["question", "answer", "score", "points", "feedback", "reviewed_by"]
    readonly_fields = ["question", "answer", "points"]
    raw_id_fields = ["reviewed_by"]
    extra = 0
    can_delete = False


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "grading_method", "attempts_allowed", "time_limit"]
    list_filter = ["published", "grading_method", "review_policy"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["brief", "created_by"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "type", "position", "points"]
    list_filter = ["type"]
    list_select_related = ["quiz"]
    search_fields = ["name", "prompt", "quiz__title"]
    raw_id_fields = ["quiz", "study_item"]
    inlines = [OptionInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "student", "number", "status", "score", "max_score", "started_at", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["quiz", "student"]
    search_fields = ["student__username", "quiz__title"]
    raw_id_fields = ["student", "quiz"]
    readonly_fields = ["layout", "version"]
    inlines = [ResponseInline]


@admin.register(QuizGrade)
class QuizGradeAdmin(admin.ModelAdmin):
    list_display = ["quiz", "student", "grade", "attempts", "pending_review", "updated_at"]
    list_select_related = ["quiz", "student"]
    raw_id_fields = ["student", "quiz"]
