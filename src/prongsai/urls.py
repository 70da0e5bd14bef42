from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from prongsai import language, views
from prongsai.delegation.forms import InviteeAwarePasswordResetForm
from prongsai.jobs import health
from prongsai.params import TextConverter, YearConverter

# Before the apps' URLs are read: <year:…> matches only the Buddhist-era years Prongsai knows,
# <text:…> any text without control characters.
register_converter(YearConverter, "year")
register_converter(TextConverter, "text")

urlpatterns = [
    # Django's language switch, returning to the page in the chosen language (language.py).
    path("i18n/setlang/", language.set_language, name="set_language"),
    # Health endpoints outside the language prefix, for the load balancer (jobs/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The REST API, outside the language prefix: its messages follow Accept-Language.
    path("api/v1/", include("prongsai.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Forgotten passwords, and the one-time links of invitations (delegation/people.py).
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=InviteeAwarePasswordResetForm,
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", views.home, name="home"),
    path("", include("prongsai.orgs.urls")),
    path("", include("prongsai.ita.urls")),
    path("", include("prongsai.surveys.urls")),
    path("", include("prongsai.plans.urls")),
    path("", include("prongsai.ethics.urls")),
    path("", include("prongsai.complaints.urls")),
    path("", include("prongsai.oit.urls")),
    path("", include("prongsai.documents.urls")),
    path("", include("prongsai.audit.urls")),
    path("", include("prongsai.jobs.urls")),
    path("", include("prongsai.reminders.urls")),
    path("", include("prongsai.delegation.urls")),
    path("", include("prongsai.api.page_urls")),
    path("", include("prongsai.lpa.urls")),
    prefix_default_language=False,
)

if settings.BENCH_ENDPOINTS:
    from prongsai.surveys.bench_views import bare_insert

    urlpatterns.append(path("bench/bare-insert/", bare_insert))
