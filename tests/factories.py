"""factory_boy factories for the core models. Apps add theirs in tests/<app>/factories.py."""

import factory
from django.contrib.auth import get_user_model

from portal.models import Agency

PASSWORD = "Test-Password-2569"  # noqa: S105


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"หน่วยงานทดสอบ {n}")
    level_kind = Agency.Level.DEPARTMENT
    code = factory.Sequence(lambda n: f"{90 + n // 1000 % 10:02d}{n % 1000:03d}000")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
