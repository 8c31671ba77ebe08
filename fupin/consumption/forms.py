from django import forms
from django.utils.translation import gettext_lazy as _

from fupin.consumption.choices import BuyerKind, ProductCategory, SupplierKind


def _date():
    return forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SupplierForm(forms.Form):
    kind = forms.ChoiceField(label=_("供应主体类型"), choices=SupplierKind.choices)
    region_code = forms.CharField(label=_("所在村(区划代码)"), max_length=12)
    name = forms.CharField(
        label=_("公开名称"),
        max_length=128,
        required=False,
        help_text=_("贫困户自动以“某村贫困户”公开，不显示姓名"),
    )
    household = forms.IntegerField(label=_("贫困户编号(ID)"), required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)


class ListingForm(forms.Form):
    supplier = forms.IntegerField(label=_("供应主体(ID)"))
    product = forms.CharField(label=_("产品名称"), max_length=64)
    category = forms.ChoiceField(label=_("产品类别"), choices=ProductCategory.choices)
    price = forms.DecimalField(label=_("单价(元)"), min_value=0, decimal_places=2)
    quantity = forms.IntegerField(label=_("供应数量"), min_value=1)
    unit = forms.CharField(label=_("计量单位"), max_length=8, initial="公斤")
    certificate_no = forms.CharField(label=_("扶贫产品认定编号"), max_length=64, required=False)
    certificate_valid_until = _date()
    certificate_valid_until.label = _("认定有效期至")
    harvest_from = _date()
    harvest_from.label = _("上市日期")
    harvest_to = _date()
    harvest_to.label = _("下市日期")
    unsold = forms.BooleanField(label=_("滞销"), required=False)


class UnsoldForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    unsold = forms.BooleanField(required=False)


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("照片"))


class BuyerForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=128)
    kind = forms.ChoiceField(label=_("采购方类型"), choices=BuyerKind.choices)
    region_code = forms.CharField(label=_("所属县(市、区)区划代码"), max_length=12)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)


class BuyerShareForm(BuyerForm):
    share = forms.DecimalField(label=_("认购任务(元)"), min_value=0, decimal_places=2, required=False)


class DemandForm(forms.Form):
    category = forms.ChoiceField(label=_("产品类别"), choices=ProductCategory.choices)
    product = forms.CharField(label=_("产品名称"), max_length=64, required=False)
    quantity = forms.IntegerField(label=_("需求数量"), min_value=1)
    price_max = forms.DecimalField(label=_("最高单价(元)"), min_value=0, decimal_places=2, required=False)
    needed_by = _date()
    needed_by.label = _("需要日期")
    preferred_origin = forms.CharField(label=_("优先产地(区划代码)"), max_length=12, required=False)
    prefer_paired = forms.BooleanField(label=_("优先协作地区(崇左)产品"), required=False)


class OrderForm(forms.Form):
    quantity = forms.IntegerField(label=_("数量"), min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)


class MatchingForm(forms.Form):
    region_code = forms.CharField(label=_("匹配范围(区划代码)"), max_length=12)


class BaseForm(forms.Form):
    name = forms.CharField(label=_("基地名称"), max_length=128)
    region_code = forms.CharField(label=_("所在地(区划代码)"), max_length=12)
    operator = forms.CharField(label=_("运营主体"), max_length=128)
    partners = forms.CharField(label=_("合作配送/销售企业"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=64, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    established_on = forms.DateField(label=_("认定日期"), widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件"))
