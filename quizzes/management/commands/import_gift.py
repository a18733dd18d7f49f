from quizzes.management.importing import ImportCommand


class Command(ImportCommand):
    format = "gift"
