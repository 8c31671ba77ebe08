"""A duplicate credit code tells whether the enterprise is in the actor's scope, never where it is."""

import pytest

from fupin.core.errors import DomainError
from fupin.employment.services import enterprises
from fupin.employment.tests.factories import EnterpriseFactory, credit_code


def _register(user, code):
    return enterprises.register_enterprise(
        by=user, name="新企业", credit_code=code, region_code="440703101000", industry="C"
    )


def test_a_credit_code_registered_out_of_scope_is_refused_without_naming_the_enterprise(town_user):
    elsewhere = EnterpriseFactory(name="荷塘某厂", credit_code=credit_code(), region_code="440703102000")

    with pytest.raises(DomainError) as exc:
        _register(town_user, elsewhere.credit_code)

    assert exc.value.field == "credit_code"
    assert str(exc.value) == "该统一社会信用代码的企业已在其他地区登记，请联系上级扶贫部门。"


def test_a_credit_code_registered_in_scope_names_the_enterprise(town_user):
    mine = EnterpriseFactory(name="棠下某厂", credit_code=credit_code(), region_code="440703101000")

    with pytest.raises(DomainError) as exc:
        _register(town_user, mine.credit_code)

    assert "棠下某厂" in str(exc.value)
