# Provincial readers and province administrators become one ProvinceRole(user, province, role).
# Their rows are copied (someone who was both keeps one row, as administrator: administering
# includes reading) and the audit trail's entries about them are re-pointed to the new rows, so a
# province's history still names who was given which role and when.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_MODELS = {"provincialreader": "reader", "provinceadministrator": "administrator"}


def _content_type(apps, model: str, *, create: bool = False):
    content_types = apps.get_model("contenttypes", "ContentType")
    if create:
        return content_types.objects.get_or_create(app_label="orgs", model=model)[0]
    return content_types.objects.filter(app_label="orgs", model=model).first()


def merge_roles(apps, schema_editor):
    province_role = apps.get_model("orgs", "ProvinceRole")
    audit_entry = apps.get_model("audit", "AuditEntry")
    new_type = None
    for model, role in OLD_MODELS.items():  # readers first, so an administrator's row wins
        old_type = _content_type(apps, model)
        for old in apps.get_model("orgs", model).objects.all():
            new, _created = province_role.objects.update_or_create(
                user_id=old.user_id, province=old.province, defaults={"role": role}
            )
            if old_type is None:
                continue
            new_type = new_type or _content_type(apps, "provincerole", create=True)
            audit_entry.objects.filter(content_type=old_type, object_pk=str(old.pk)).update(
                content_type=new_type, object_pk=str(new.pk), object_id=new.pk
            )
        if old_type is not None:
            # Entries about rows deleted before the merge have no new row. They stay, under the
            # new model with an id that names the old one ("provincialreader-7"), so they can
            # never be read as a new row's history, and the stale content type can go.
            new_type = new_type or _content_type(apps, "provincerole", create=True)
            for entry in audit_entry.objects.filter(content_type=old_type):
                entry.content_type = new_type
                entry.object_pk = f"{model}-{entry.object_pk}"
                entry.object_id = None
                entry.save(update_fields=["content_type", "object_pk", "object_id"])
            old_type.delete()  # its permissions go too: the model is gone


def split_roles(apps, schema_editor):
    audit_entry = apps.get_model("audit", "AuditEntry")
    new_type = _content_type(apps, "provincerole")
    for model, role in OLD_MODELS.items():
        old_model = apps.get_model("orgs", model)
        old_type = _content_type(apps, model, create=new_type is not None)
        for row in apps.get_model("orgs", "ProvinceRole").objects.filter(role=role):
            old = old_model.objects.create(user_id=row.user_id, province=row.province)
            if new_type is not None:
                audit_entry.objects.filter(content_type=new_type, object_pk=str(row.pk)).update(
                    content_type=old_type, object_pk=str(old.pk), object_id=old.pk
                )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgs", "0004_register_code_geography_province_admin"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProvinceRole",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("province", models.CharField(max_length=100, verbose_name="province")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("reader", "provincial reader"),
                            ("administrator", "province administrator"),
                        ],
                        default="reader",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="province_roles",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "province role",
                "verbose_name_plural": "province roles",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "province"), name="orgs_provincerole_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(merge_roles, split_roles),
        migrations.DeleteModel(name="ProvinceAdministrator"),
        migrations.DeleteModel(name="ProvincialReader"),
    ]
