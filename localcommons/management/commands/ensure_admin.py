"""Make sure an administrator account exists, without touching an existing one."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """manage.py ensure_admin: the superuser `make run` logs in with."""

    help = (
        "Create the superuser 'admin' if missing (password from LC_ADMIN_PASSWORD or printed once)."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Admin user 'admin' already exists; left unchanged.")
            return
        password = os.environ.get("LC_ADMIN_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin user 'admin' with password: {password}\n"
                    "It is shown only this once; set LC_ADMIN_PASSWORD to choose your own."
                )
            )
        else:
            self.stdout.write("Created admin user 'admin' with the password in LC_ADMIN_PASSWORD.")
