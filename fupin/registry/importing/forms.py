from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

SUFFIXES = {".xlsx", ".xls", ".csv"}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"), help_text=_("支持 .xlsx、.xls、.csv（UTF-8 或 GBK）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("请上传 .xlsx、.xls 或 .csv 文件。"))
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("文件超过 %(mb)d MB。") % {"mb": settings.IMPORT_MAX_BYTES // 1048576}
            )
        return upload
