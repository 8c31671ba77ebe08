from decimal import Decimal

from django.db import migrations

PRODUCTS = [
    ("medical-2020", "贫困人口商业医疗补充保险", "medical", "中国人寿江门分公司", "person", "100", "50000"),
    ("accident-2020", "贫困人口人身意外伤害保险", "accident", "中国人民财产保险江门分公司", "person", "30", "100000"),
    ("health-2020", "贫困人口健康保险", "health", "平安养老保险江门中心支公司", "person", "50", "30000"),
    ("property-2020", "贫困户家庭财产保险", "property", "中国人民财产保险江门分公司", "household", "60", "20000"),
]


def load(apps, schema_editor):
    Product = apps.get_model("insurance", "Product")
    for code, name, kind, insurer, basis, premium, cover in PRODUCTS:
        Product.objects.get_or_create(
            code=code,
            defaults={"name": name, "kind": kind, "insurer": insurer, "basis": basis,
                      "premium": Decimal(premium), "cover": Decimal(cover)},
        )


class Migration(migrations.Migration):
    dependencies = [("insurance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
