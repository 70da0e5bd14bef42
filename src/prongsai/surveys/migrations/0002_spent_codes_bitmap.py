"""Spent codes move from a `used` flag on each code row to one bitmap per campaign.

Existing codes get slots in the order they were made, and their `used` flags become bits. Every
code row is rewritten here in one transaction, in that order, so rows spent before this migration
no longer carry the transaction id of their response either.
"""

import django.db.models.deletion
from django.db import migrations, models


def flags_to_bitmap(apps, schema_editor):
    OneTimeCode = apps.get_model("surveys", "OneTimeCode")
    SpentCodes = apps.get_model("surveys", "SpentCodes")
    campaign_ids = OneTimeCode.objects.values_list("campaign_id", flat=True).distinct()
    for campaign_id in sorted(set(campaign_ids)):
        codes = list(OneTimeCode.objects.filter(campaign_id=campaign_id).order_by("id"))
        bits = bytearray((len(codes) + 7) // 8)
        for slot, code in enumerate(codes):
            code.slot = slot
            if code.used:
                bits[slot // 8] |= 1 << slot % 8
        OneTimeCode.objects.bulk_update(codes, ["slot"], batch_size=500)
        SpentCodes.objects.create(campaign_id=campaign_id, bits=bytes(bits))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpentCodes",
            fields=[
                (
                    "campaign",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="spent_codes",
                        serialize=False,
                        to="surveys.campaign",
                    ),
                ),
                ("bits", models.BinaryField(default=bytes)),
            ],
            options={
                "verbose_name": "spent codes",
                "verbose_name_plural": "spent codes",
            },
        ),
        migrations.AddField(
            model_name="onetimecode",
            name="slot",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(flags_to_bitmap, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="onetimecode",
            name="used",
        ),
        migrations.AlterField(
            model_name="onetimecode",
            name="slot",
            field=models.PositiveIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="onetimecode",
            constraint=models.UniqueConstraint(
                fields=("campaign", "slot"), name="surveys_onetimecode_unique_slot"
            ),
        ),
    ]
