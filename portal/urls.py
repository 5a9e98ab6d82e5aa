from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import ThaiAuthenticationForm

app_urls = (
    [
        path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    ],
    "portal",
)

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThaiAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("healthz", views.healthz, name="healthz"),
    path("", include(app_urls)),
    path("", include("handbooks.public_urls")),
    path("laws/", include("laws.urls")),
    path("procedures/", include("procedures.urls")),
    path("handbooks/", include("handbooks.urls")),
    path("approvals/", include("approvals.urls")),
    # issue 14: the public read-only API and the bulk open-data files
    path("api/v1/", include("opendata.api_urls")),
    path("open-data/", include("opendata.urls")),
    path("reports/", include("approvals.reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "portal.views.server_error"

admin.site.site_header = "ระบบจัดทำคู่มือสำหรับประชาชน — ผู้ดูแลระบบ"
admin.site.site_title = "ผู้ดูแลระบบ"
admin.site.index_title = "การจัดการระบบ"

# No route serves MEDIA_ROOT, in development either: uploaded files leave only through the views that check who
# may read them (handbooks.views.form_file_response, portal.files).
