"""The one place that turns audit entries into text for people: a label for every action code, field names
by their model field's verbose name, choice values by their label, booleans as 是/否, regions by name.

Pages never show an action code or an internal value: they call `describe()` (or the `audit_display`
template tags) on the entries they list. Audit depends on core only, so models are looked up by label
through the app registry, never imported."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core import display

ACTIONS = {
    # accounts
    "accounts.apitoken.created": gettext_lazy("创建接口令牌"),
    "accounts.apitoken.revoked": gettext_lazy("吊销接口令牌"),
    "accounts.changerequest.approved": gettext_lazy("批准权限变更申请"),
    "accounts.changerequest.rejected": gettext_lazy("驳回权限变更申请"),
    "accounts.changerequest.requested": gettext_lazy("提出权限变更申请"),
    "accounts.otp.enrolled": gettext_lazy("绑定动态口令"),
    "accounts.otp.failed": gettext_lazy("动态口令验证失败"),
    "accounts.otp.recovery_used": gettext_lazy("使用恢复码登录"),
    "accounts.otp.reset": gettext_lazy("重置动态口令"),
    "accounts.otp.verified": gettext_lazy("动态口令验证通过"),
    "accounts.roleassignment.added": gettext_lazy("授予角色"),
    "accounts.roleassignment.removed": gettext_lazy("撤销角色"),
    "accounts.user.created": gettext_lazy("创建用户"),
    "accounts.user.deactivated": gettext_lazy("停用用户"),
    "accounts.user.exported": gettext_lazy("导出用户"),
    "accounts.user.locked_out": gettext_lazy("用户被锁定"),
    "accounts.user.logged_in": gettext_lazy("登录"),
    "accounts.user.logged_out": gettext_lazy("退出登录"),
    "accounts.user.login_failed": gettext_lazy("登录失败"),
    "accounts.user.password_changed": gettext_lazy("修改密码"),
    "accounts.user.password_reset": gettext_lazy("重置密码"),
    "accounts.user.reactivated": gettext_lazy("重新启用用户"),
    # audit, core, jobs, dashboard
    "audit.auditentry.exported": gettext_lazy("导出审计记录"),
    "audit.refusals.threshold": gettext_lazy("拒绝访问次数达到告警阈值"),
    "core.data_key.rotated": gettext_lazy("轮换数据加密密钥"),
    "jobs.job.cancelled": gettext_lazy("取消后台任务"),
    "jobs.job.recovered": gettext_lazy("恢复中断的后台任务"),
    "dashboard.targets.exported": gettext_lazy("导出目标看板"),
    # registry
    "registry.demo.generated": gettext_lazy("生成演示数据"),
    "registry.household.registered": gettext_lazy("登记贫困户"),
    "registry.household.updated": gettext_lazy("修改贫困户信息"),
    "registry.household.status_changed": gettext_lazy("变更脱贫状态"),
    "registry.household.mark_changed": gettext_lazy("变更监测对象标识"),
    "registry.household.conditions_changed": gettext_lazy("更新住房安全等级或饮水安全"),
    # written before registry.import.created existed
    "registry.household.imported": gettext_lazy("导入贫困户"),
    "registry.household.exported": gettext_lazy("导出贫困户"),
    "registry.household.listed": gettext_lazy("接口查询贫困户"),
    "registry.household.full_values_shown": gettext_lazy("接口返回完整电话"),
    "registry.import.created": gettext_lazy("导入新增"),
    "registry.import.committed": gettext_lazy("完成导入"),
    "registry.member.added": gettext_lazy("新增成员"),
    "registry.member.updated": gettext_lazy("修改成员信息"),
    "registry.member.removed": gettext_lazy("移除成员"),
    "registry.member.imported": gettext_lazy("导入成员"),
    "registry.member.listed": gettext_lazy("接口查询成员"),
    "registry.member.full_id_viewed": gettext_lazy("查看完整身份证号"),
    "registry.member.full_values_shown": gettext_lazy("接口返回完整身份证号或电话"),
    # plan
    "plan.plan.loaded": gettext_lazy("载入规划"),
    "plan.plan.changed": gettext_lazy("修改规划"),
    "plan.measure.changed": gettext_lazy("修改措施"),
    "plan.target.changed": gettext_lazy("修改目标"),
    "plan.plantask.assigned": gettext_lazy("分派任务"),
    "plan.plantask.reported": gettext_lazy("报告任务进展"),
    "plan.plantask.exported": gettext_lazy("导出任务"),
    "plan.plantask.escalated": gettext_lazy("任务逾期上报"),
    "plan.posting.added": gettext_lazy("登记驻村第一书记/工作组"),
    "plan.posting.changed": gettext_lazy("修改驻村第一书记/工作组"),
    "plan.posting.exported": gettext_lazy("导出驻村第一书记/工作组名册"),
    # reports
    "reports.reportperiod.opened": gettext_lazy("开启报告周期"),
    "reports.assessment.created": gettext_lazy("填报入户评估"),
    "reports.assessment.changed": gettext_lazy("修改入户评估"),
    "reports.assessment.deleted": gettext_lazy("删除入户评估"),
    "reports.assessment.recomputed": gettext_lazy("重新计算入户评估"),
    "reports.assessment.exported": gettext_lazy("导出入户评估"),
    "reports.atrisk.exported": gettext_lazy("导出返贫风险户"),
    "reports.proposal.exported": gettext_lazy("导出帮扶建议"),
    "reports.weeklyreport.exported": gettext_lazy("导出周报"),
    "reports.arearisk.set": gettext_lazy("设置地区风险等级"),
    "reports.supplyallocation.created": gettext_lazy("登记物资发放"),
    "reports.supplyallocation.exported": gettext_lazy("导出物资发放"),
    "reports.villagereport.submitted": gettext_lazy("提交村报告"),
    "reports.villagereport.returned": gettext_lazy("退回村报告"),
    "reports.villagereport.approved": gettext_lazy("审核通过村报告"),
    "reports.villagereport.unlocked": gettext_lazy("解锁村报告"),
    "reports.villagereport.reminded": gettext_lazy("催报提醒村报告"),
    "reports.villagereport.exported": gettext_lazy("导出上报及时性"),
    "reports.reminder.exported": gettext_lazy("导出催报提醒"),
    "ledgers.ledgersubmission.submitted": gettext_lazy("报送台账"),
    "ledgers.ledgersubmission.resubmitted": gettext_lazy("重新报送台账"),
    "ledgers.ledgersubmission.accepted": gettext_lazy("接收台账报送"),
    "ledgers.ledgersubmission.returned": gettext_lazy("退回台账报送"),
    "ledgers.ledgersubmission.exported": gettext_lazy("导出台账报送"),
    # ledgers
    "ledgers.demo.seeded": gettext_lazy("生成台账演示数据"),
    "ledgers.ledgeritem.created": gettext_lazy("新建台账事项"),
    "ledgers.ledgeritem.changed": gettext_lazy("修改台账事项"),
    "ledgers.ledgeritem.started": gettext_lazy("开始办理台账事项"),
    "ledgers.ledgeritem.close_requested": gettext_lazy("申请销号"),
    "ledgers.ledgeritem.closed": gettext_lazy("销号"),
    "ledgers.ledgeritem.returned": gettext_lazy("退回台账事项"),
    "ledgers.ledgeritem.exported": gettext_lazy("导出台账"),
    "ledgers.ledgeritem.full_ids_exported": gettext_lazy("导出台账中的完整身份证号和电话"),
    "ledgers.progressentry.added": gettext_lazy("填报工作进展"),
    "ledgers.evidence.added": gettext_lazy("上传佐证材料"),
    "ledgers.screeningcheck.recorded": gettext_lazy("登记排查结果"),
    "ledgers.supervisiontarget.added": gettext_lazy("新增督导对象"),
    "ledgers.supervisiontarget.changed": gettext_lazy("修改督导对象"),
    "ledgers.supervisiontarget.done": gettext_lazy("完成督导对象"),
    "ledgers.supervisiontarget.exported": gettext_lazy("导出督导对象"),
    "ledgers.supervisioncheckin.added": gettext_lazy("登记督导打卡"),
    "ledgers.supervisiontarget.done_requested": gettext_lazy("申报督战对象完成"),
    "ledgers.supervisiontarget.done_returned": gettext_lazy("退回督战对象完成申报"),
    "ledgers.renovationrecord.added": gettext_lazy("登记危房改造"),
    "ledgers.renovationrecord.accepted": gettext_lazy("危房改造竣工验收"),
    "ledgers.screeningcheck.exported": gettext_lazy("导出排查记录"),
    "ledgers.villageprofile.registered": gettext_lazy("村情登记"),
    "ledgers.villageprofile.changed": gettext_lazy("修改村情登记"),
    "ledgers.villageprofile.exported": gettext_lazy("导出村情登记"),
    "ledgers.collectiveincome.recorded": gettext_lazy("登记村级集体收入"),
    # employment
    "employment.laborer.generated": gettext_lazy("生成劳动力档案"),
    "employment.laborer.updated": gettext_lazy("修改劳动力档案"),
    "employment.laborer.surveyed": gettext_lazy("登记劳动力调查"),
    "employment.laborer.placed": gettext_lazy("劳动力上岗"),
    "employment.laborer.exported": gettext_lazy("导出劳动力"),
    "employment.laborer.listed": gettext_lazy("接口查询劳动力"),
    "employment.surveyround.recorded": gettext_lazy("登记调查轮次"),
    "employment.surveyround.exported": gettext_lazy("导出调查轮次"),
    "employment.enterprise.registered": gettext_lazy("登记企业"),
    "employment.enterprise.updated": gettext_lazy("修改企业信息"),
    "employment.enterprise.exported": gettext_lazy("导出企业"),
    "employment.vacancy.posted": gettext_lazy("发布岗位"),
    "employment.vacancy.updated": gettext_lazy("修改岗位"),
    "employment.vacancy.filled": gettext_lazy("岗位已满"),
    "employment.vacancy.exported": gettext_lazy("导出岗位"),
    "employment.workshop.exported": gettext_lazy("导出扶贫车间"),
    "employment.matchbatch.run": gettext_lazy("运行岗位匹配"),
    "employment.matchproposal.confirmed": gettext_lazy("确认匹配建议"),
    "employment.matchproposal.rejected": gettext_lazy("否决匹配建议"),
    "employment.referral.created": gettext_lazy("推荐就业"),
    "employment.referral.interviewed": gettext_lazy("推荐对象已面试"),
    "employment.referral.placed": gettext_lazy("推荐对象已上岗"),
    "employment.referral.month1": gettext_lazy("推荐对象在岗满1个月"),
    "employment.referral.month3": gettext_lazy("推荐对象在岗满3个月"),
    "employment.referral.ended": gettext_lazy("终止推荐"),
    "employment.referral.exported": gettext_lazy("导出推荐记录"),
    "employment.publicwelfarepost.opened": gettext_lazy("开设公益性岗位"),
    "employment.publicwelfarepost.exported": gettext_lazy("导出公益性岗位"),
    "employment.postoccupancy.started": gettext_lazy("公益性岗位上岗"),
    "employment.postoccupancy.ended": gettext_lazy("公益性岗位离岗"),
    "employment.subsidyapplication.applied": gettext_lazy("申请就业补贴"),
    "employment.subsidyapplication.reviewed": gettext_lazy("初审就业补贴"),
    "employment.subsidyapplication.approved": gettext_lazy("批准就业补贴"),
    "employment.subsidyapplication.paid": gettext_lazy("发放就业补贴"),
    "employment.subsidyapplication.rejected": gettext_lazy("驳回就业补贴"),
    "employment.subsidyapplication.exported": gettext_lazy("导出就业补贴"),
    # training
    "training.trainingclass.opened": gettext_lazy("开设培训班"),
    "training.trainingclass.exported": gettext_lazy("导出培训班"),
    "training.enrollment.created": gettext_lazy("培训报名"),
    "training.enrollment.updated": gettext_lazy("修改培训报名"),
    "training.trainingwillingness.recorded": gettext_lazy("登记培训意愿"),
    "training.trainingwillingness.exported": gettext_lazy("导出培训意愿"),
    # funds
    "funds.fund.opened": gettext_lazy("开设专项资金"),
    "funds.allocation.created": gettext_lazy("下达资金"),
    "funds.allocation.reduced": gettext_lazy("核减资金下达"),
    "funds.allocation.cancelled": gettext_lazy("撤销资金下达"),
    "funds.allocation.exported": gettext_lazy("导出资金下达"),
    "funds.disbursement.created": gettext_lazy("登记资金支出"),
    "funds.disbursement.reversed": gettext_lazy("冲销资金支出"),
    "funds.disbursement.exported": gettext_lazy("导出资金支出"),
    # monitoring (防返贫监测 and 贫困户退出)
    "monitoring.demo.seeded": gettext_lazy("生成防返贫监测演示数据"),
    "monitoring.signal.recorded": gettext_lazy("登记预警信息"),
    "monitoring.signal.dismissed": gettext_lazy("排除预警信息"),
    "monitoring.signal.exported": gettext_lazy("导出预警信息"),
    "monitoring.rules.run": gettext_lazy("运行风险规则"),
    "monitoring.riskrule.changed": gettext_lazy("修改风险规则"),
    "monitoring.case.opened": gettext_lazy("启动监测程序"),
    "monitoring.case.clearing_opened": gettext_lazy("发起风险消除"),
    "monitoring.case.advanced": gettext_lazy("监测程序报上一级"),
    "monitoring.case.confirmed": gettext_lazy("确定为监测对象"),
    "monitoring.case.cleared": gettext_lazy("确认风险已消除"),
    "monitoring.case.rejected": gettext_lazy("监测程序不予通过"),
    "monitoring.case.escalated": gettext_lazy("监测程序逾期上报"),
    "monitoring.monitoringcase.exported": gettext_lazy("导出防返贫监测台账"),
    "monitoring.assistancemeasure.added": gettext_lazy("添加帮扶措施"),
    "monitoring.exitcase.proposed": gettext_lazy("提出拟退出"),
    "monitoring.exitcase.appraised": gettext_lazy("登记退出民主评议"),
    "monitoring.exitcase.notice_started": gettext_lazy("开始退出公示"),
    "monitoring.exitcase.verified": gettext_lazy("镇级核实退出"),
    "monitoring.exitcase.approved": gettext_lazy("县级审定退出并公告"),
    "monitoring.exitcase.closed": gettext_lazy("贫困户销号"),
    "monitoring.exitcase.withdrawn": gettext_lazy("撤回退出"),
    "monitoring.exitcase.policy_problem": gettext_lazy("脱贫又脱保列入问题清单"),
    "monitoring.exitcase.exported": gettext_lazy("导出贫困户退出"),
    "monitoring.exitobjection.recorded": gettext_lazy("登记公示异议"),
    "monitoring.exitobjection.resolved": gettext_lazy("处理公示异议"),
    # consumption
    "consumption.base.created": gettext_lazy("新建消费扶贫基地"),
    "consumption.base.exported": gettext_lazy("导出消费扶贫基地"),
    "consumption.base.supplier_linked": gettext_lazy("基地关联供应主体"),
    "consumption.board.exported": gettext_lazy("导出消费扶贫看板"),
    "consumption.buyer.approved": gettext_lazy("批准采购单位"),
    "consumption.buyer.created": gettext_lazy("新建采购单位"),
    "consumption.buyer.exported": gettext_lazy("导出采购单位"),
    "consumption.buyer.registered": gettext_lazy("登记采购单位"),
    "consumption.buyer.rejected": gettext_lazy("驳回采购单位"),
    "consumption.buyer.updated": gettext_lazy("修改采购单位"),
    "consumption.demand.closed": gettext_lazy("关闭采购需求"),
    "consumption.demand.exported": gettext_lazy("导出采购需求"),
    "consumption.demand.posted": gettext_lazy("发布采购需求"),
    "consumption.listing.created": gettext_lazy("上架扶贫产品"),
    "consumption.listing.exported": gettext_lazy("导出扶贫产品"),
    "consumption.listing.flagged_unsold": gettext_lazy("标记产品滞销"),
    "consumption.listing.photo_added": gettext_lazy("上传产品图片"),
    "consumption.listing.updated": gettext_lazy("修改扶贫产品"),
    "consumption.market.exported": gettext_lazy("导出产销对接"),
    "consumption.matchrun.run": gettext_lazy("运行产销匹配"),
    "consumption.order.cancelled": gettext_lazy("取消订单"),
    "consumption.order.delivered": gettext_lazy("订单已发货"),
    "consumption.order.exported": gettext_lazy("导出订单"),
    "consumption.order.paid": gettext_lazy("订单已付款"),
    "consumption.order.placed": gettext_lazy("下单"),
    "consumption.order.received": gettext_lazy("订单已收货"),
    "consumption.proposal.confirmed": gettext_lazy("确认产销匹配建议"),
    "consumption.proposal.rejected": gettext_lazy("否决产销匹配建议"),
    "consumption.supplier.exported": gettext_lazy("导出供应主体"),
    "consumption.supplier.registered": gettext_lazy("登记供应主体"),
    # finance
    "finance.interestsubsidy.exported": gettext_lazy("导出贴息补贴"),
    "finance.loan.deferred": gettext_lazy("贷款展期"),
    "finance.loan.escalated": gettext_lazy("贷款逾期上报"),
    "finance.loan.exported": gettext_lazy("导出贷款"),
    "finance.loan.premium_paid": gettext_lazy("缴纳贷款保费"),
    "finance.loan.registered": gettext_lazy("登记贷款"),
    "finance.loan.repaid": gettext_lazy("贷款还款"),
    "finance.loanhousehold.linked": gettext_lazy("贷款关联贫困户"),
    "finance.subsidy.paid": gettext_lazy("发放贴息补贴"),
    # industry
    "industry.householdindustry.exported": gettext_lazy("导出贫困户产业"),
    "industry.leadingindustry.exported": gettext_lazy("导出主导产业"),
    "industry.leadingindustry.named": gettext_lazy("认定主导产业"),
    "industry.project.declared": gettext_lazy("申报产业项目"),
    "industry.project.exported": gettext_lazy("导出产业项目"),
    "industry.project.funded": gettext_lazy("产业项目拨款"),
    "industry.project.updated": gettext_lazy("修改产业项目"),
    "industry.projecthousehold.linked": gettext_lazy("项目关联贫困户"),
    "industry.projecthousehold.unlinked": gettext_lazy("项目解除关联贫困户"),
    # insurance
    "insurance.claim.exported": gettext_lazy("导出理赔"),
    "insurance.claim.filed": gettext_lazy("提出理赔"),
    "insurance.claim.settled": gettext_lazy("理赔结案"),
    "insurance.policy.enrolled": gettext_lazy("参保"),
    "insurance.policy.enrolled_in_bulk": gettext_lazy("批量参保"),
    "insurance.policy.exported": gettext_lazy("导出保单"),
    "insurance.premiumpayment.paid": gettext_lazy("缴纳保费"),
    # cooperation
    "cooperation.exitcriterion.checked": gettext_lazy("核查摘帽退出条件"),
    "cooperation.exitcriterion.created": gettext_lazy("新增摘帽退出条件"),
    "cooperation.indicator.confirmed": gettext_lazy("协作地区确认指标数据"),
    "cooperation.indicator.created": gettext_lazy("新增协作指标"),
    "cooperation.indicator.exported": gettext_lazy("导出协作指标"),
    "cooperation.indicator.updated": gettext_lazy("修改协作指标"),
    "cooperation.indicatorentry.entered": gettext_lazy("填报协作指标"),
    "cooperation.indicatorentry.exported": gettext_lazy("导出协作指标填报"),
    "cooperation.indicatorentry.file_added": gettext_lazy("上传协作指标佐证材料"),
    "cooperation.indicatorentry.updated": gettext_lazy("修改协作指标填报"),
    "cooperation.indicatorentry.submitted": gettext_lazy("提交协作指标填报"),
    "cooperation.indicatorentry.approved": gettext_lazy("审核通过协作指标填报"),
    "cooperation.indicatorentry.returned": gettext_lazy("退回协作指标填报"),
    "cooperation.pairing.created": gettext_lazy("新增结对关系"),
    "cooperation.pairing.exported": gettext_lazy("导出结对关系"),
    "cooperation.pairing.updated": gettext_lazy("修改结对关系"),
    # employment services (R2.9)
    "employment.enterpriseofficer.assigned": gettext_lazy("派驻就业服务专员"),
    "employment.enterpriseofficer.ended": gettext_lazy("撤回就业服务专员"),
    "employment.enterpriseofficer.exported": gettext_lazy("导出就业服务专员"),
    "employment.labourrequest.exported": gettext_lazy("导出24小时用工请求"),
    "employment.recruitmentevent.exported": gettext_lazy("导出招聘活动"),
    "employment.recruitmentevent.held": gettext_lazy("登记招聘活动"),
    "employment.recruitmentevent.updated": gettext_lazy("修改招聘活动"),
    "employment.recruitmentevent.vacancies_set": gettext_lazy("设置招聘活动岗位"),
    "employment.vacancy.escalated": gettext_lazy("24小时用工请求超时上报"),
}

# Keys of `changes` that are not model fields (imports, list reads, alerts).
EXTRA_LABELS = {
    "created_members": gettext_lazy("导入的成员"),
    "member_count": gettext_lazy("成员人数"),
    "households": gettext_lazy("新增户数"),
    "members": gettext_lazy("新增人数"),
    "scope": gettext_lazy("权限范围"),
    "filters": gettext_lazy("筛选条件"),
    "page": gettext_lazy("页码"),
    "rows": gettext_lazy("行数"),
    "refusals": gettext_lazy("拒绝次数"),
}

# Fields holding several choice codes separated by commas, with the choices that name them.
MULTI_CHOICES = {("registry.member", "health"): "fupin.registry.choices.Health"}
# Fields holding a region's 12-digit code.
REGION_FIELDS = {"region", "region_code", "region_id"}
EMPTY = "—"


def action_label(code) -> str:
    """The event's name for people; an unknown code keeps its code (a test keeps every code labelled)."""
    return str(ACTIONS.get(code, code))


def _model(target_type):
    try:
        return apps.get_model(target_type) if target_type else None
    except (LookupError, ValueError):
        return None


def _field(model, name):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def model_label(target_type) -> str:
    """The target's kind for people (its model's verbose name)."""
    model = _model(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def field_label(target_type, name) -> str:
    field = _field(_model(target_type), name)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return str(EXTRA_LABELS.get(name, name))


def region_names(codes) -> dict:
    """{code: name} for the region codes given (the project's one lookup, cached: fupin/core/display.py)."""
    return display.region_names(c for c in codes if isinstance(c, str))


def region_html(code, names):
    """A region by name with its code on hover; `—` when there is none."""
    return display.region_html(code, names)


def _is_region(field, name):
    return name in REGION_FIELDS or getattr(field, "related_model", None) is _model("regions.region")


def value_text(target_type, name, value, names=None):
    """One value of a change for people: choices by label, booleans 是/否, empty —, regions by name."""
    if value in (None, "", []):
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    model = _model(target_type)
    field = _field(model, name)
    if _is_region(field, name) and isinstance(value, str):
        return region_html(value, names if names is not None else region_names([value]))
    multi = MULTI_CHOICES.get((target_type, name))
    if multi:
        labels = dict(import_string(multi).choices)
        return "、".join(str(labels.get(c, c)) for c in str(value).split(",") if c)
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(choices.get(value, value))


def _pairs(changes, hidden=()):
    for name, pair in (changes or {}).items():
        if name in hidden:
            continue
        if isinstance(pair, list | tuple) and len(pair) == 2:
            yield name, list(pair)
        else:
            yield name, [None, pair]


def change_rows(entry, *, hidden=(), names=None) -> dict:
    """{"created", "removed", "rows": [(label, old, new)]} for an entry's {field: [old, new]}, in the
    model's field order. A creation (removal) lists only the values it set (had)."""
    model = _model(entry.target_type)
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    pairs = sorted(_pairs(entry.changes, hidden), key=lambda item: order.get(item[0], 999))
    created = bool(pairs) and all(pair[0] is None for _name, pair in pairs)
    removed = bool(pairs) and all(pair[1] is None for _name, pair in pairs)
    if names is None:
        names = region_names(_region_values(entry, pairs))
    rows = []
    for name, (old, new) in pairs:
        old_text = value_text(entry.target_type, name, old, names)
        new_text = value_text(entry.target_type, name, new, names)
        if (created and new_text == EMPTY) or (removed and old_text == EMPTY):
            continue
        rows.append((field_label(entry.target_type, name), old_text, new_text))
    return {"created": created, "removed": removed, "rows": rows}


def _region_values(entry, pairs):
    model = _model(entry.target_type)
    return [
        v for name, pair in pairs if _is_region(_field(model, name), name) for v in pair if isinstance(v, str)
    ]


def describe(entries, *, hidden=()):
    """The entries with `label`, `region` (name, code on hover) and `change` (see `change_rows`) set for
    their page; region names in one query for them all."""
    entries = list(entries)
    codes = {e.region_code for e in entries}
    for e in entries:
        codes.update(_region_values(e, list(_pairs(e.changes, hidden))))
    names = region_names(codes)
    for e in entries:
        e.label = action_label(e.action)
        e.region = region_html(e.region_code, names)
        e.change = change_rows(e, hidden=hidden, names=names)
    return entries
