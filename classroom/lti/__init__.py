"""LTI 1.3 (docs/lti-moodle.md, docs/lti-canvas.md): an LMS launches our briefs and quizzes, its users are signed in,
its course becomes a class, and quiz grades go back to its gradebook through an outbox. Built on django-lti (models
of registrations, deployments, keys, contexts) and PyLTI1p3 (every JWT, JWKS and OIDC check)."""
