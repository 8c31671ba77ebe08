from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fupin.accounts"
    label = "accounts"
    verbose_name = _("账号")

    def ready(self):
        # Sign-in events happen inside django.contrib.auth and django-axes, so they are audited through
        # their signals; every other audit entry is written by a service.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from fupin.accounts import login_audit

        user_logged_in.connect(login_audit.on_logged_in, dispatch_uid="fupin_audit_logged_in")
        user_logged_out.connect(login_audit.on_logged_out, dispatch_uid="fupin_audit_logged_out")
        user_login_failed.connect(login_audit.on_login_failed, dispatch_uid="fupin_audit_login_failed")
        user_locked_out.connect(login_audit.on_locked_out, dispatch_uid="fupin_audit_locked_out")
