import factory

from fupin.accounts.models import RoleAssignment, User

DEFAULT_PASSWORD = "Fupin-Test-2020"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role, region_code, *, unit="", username=None, **kwargs):
    """A user holding one role over one region (the region must exist)."""
    user = UserFactory(username=username, **kwargs) if username else UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, role=role, region_id=region_code, unit=unit)
    return user
