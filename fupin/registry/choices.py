"""Code lists of the national 建档立卡 household collection form (values are the form's codes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HouseholdCategory(models.TextChoices):
    GENERAL = "01", _("一般贫困户")
    SUBSISTENCE = "02", _("低保贫困户")
    EXTREME = "03", _("特困供养贫困户")
    # Not a 建档立卡 household: one the return-to-poverty monitoring found near the line (边缘易致贫户),
    # kept in the registry so that its members, measures and history live where every other household's do.
    EDGE = "09", _("边缘户(非建档立卡)")


class PovertyStatus(models.TextChoices):
    """脱贫状态 as the national system exports it (aar010)."""

    NOT_EXITED = "0", _("未脱贫")
    EXITED = "1", _("已脱贫(享受政策)")
    RETURNED = "3", _("返贫")
    EXITED_NO_POLICY = "4", _("已脱贫(不再享受政策)")


EXITED_STATUSES = (PovertyStatus.EXITED, PovertyStatus.EXITED_NO_POLICY)


class MonitoringMark(models.TextChoices):
    """The 2020 防返贫监测 flag (国开发〔2020〕6号), separate from the poverty status."""

    UNSTABLE = "1", _("脱贫不稳定户")
    EDGE = "2", _("边缘易致贫户")
    CLEARED = "3", _("风险已消除")


class PovertyCause(models.TextChoices):
    ILLNESS = "01", _("因病")
    DISABILITY = "02", _("因残")
    SCHOOLING = "03", _("因学")
    DISASTER = "04", _("因灾")
    LACK_LAND = "05", _("缺土地")
    LACK_WATER = "06", _("缺水")
    LACK_SKILLS = "07", _("缺技术")
    LACK_LABOR = "08", _("缺劳力")
    LACK_FUNDS = "09", _("缺资金")
    POOR_TRANSPORT = "10", _("交通条件落后")
    LOW_MOTIVATION = "11", _("自身发展动力不足")
    MARRIAGE = "12", _("因婚")
    FUNERAL = "13", _("因丧")
    OTHER = "99", _("其他")


class HousingGrade(models.TextChoices):
    A = "A", _("A级(安全)")
    B = "B", _("B级(基本安全)")
    C = "C", _("C级(局部危房)")
    D = "D", _("D级(整栋危房)")


class Sex(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class Relation(models.TextChoices):
    HEAD = "01", _("户主")
    SPOUSE = "02", _("配偶")
    SON = "03", _("之子")
    DAUGHTER = "04", _("之女")
    DAUGHTER_IN_LAW = "05", _("之儿媳")
    SON_IN_LAW = "06", _("之女婿")
    GRANDSON = "07", _("之孙子")
    GRANDDAUGHTER = "08", _("之孙女")
    DAUGHTERS_SON = "09", _("之外孙子")
    DAUGHTERS_DAUGHTER = "10", _("之外孙女")
    FATHER = "11", _("之父")
    MOTHER = "12", _("之母")
    FATHER_IN_LAW_W = "13", _("之岳父")
    MOTHER_IN_LAW_W = "14", _("之岳母")
    FATHER_IN_LAW_H = "15", _("之公公")
    MOTHER_IN_LAW_H = "16", _("之婆婆")
    GRANDFATHER = "17", _("之祖父")
    GRANDMOTHER = "18", _("之祖母")
    MATERNAL_GRANDFATHER = "19", _("之外祖父")
    MATERNAL_GRANDMOTHER = "20", _("之外祖母")
    OTHER = "99", _("其他")


class Ethnicity(models.TextChoices):
    """GB 3304 codes; the groups that live in Jiangmen and Chongzuo first, then the others."""

    HAN = "01", _("汉族")
    MONGOL = "02", _("蒙古族")
    HUI = "03", _("回族")
    TIBETAN = "04", _("藏族")
    UYGHUR = "05", _("维吾尔族")
    MIAO = "06", _("苗族")
    YI = "07", _("彝族")
    ZHUANG = "08", _("壮族")
    BUYEI = "09", _("布依族")
    KOREAN = "10", _("朝鲜族")
    MANCHU = "11", _("满族")
    DONG = "12", _("侗族")
    YAO = "13", _("瑶族")
    BAI = "14", _("白族")
    TUJIA = "15", _("土家族")
    HANI = "16", _("哈尼族")
    LI = "18", _("黎族")
    SHE = "22", _("畲族")
    GELAO = "37", _("仡佬族")
    JING = "49", _("京族")
    OTHER = "97", _("其他")


class Education(models.TextChoices):
    ILLITERATE = "1", _("文盲或半文盲")
    PRIMARY = "2", _("小学")
    JUNIOR = "3", _("初中")
    SENIOR = "4", _("高中")
    COLLEGE = "5", _("大专及以上")
    PRESCHOOL = "6", _("学龄前儿童")


class Schooling(models.TextChoices):
    NONE = "01", _("非在校生")
    PRESCHOOL = "02", _("学前教育")
    PRIMARY = "03", _("小学")
    GRADE7 = "04", _("七年级")
    GRADE8 = "05", _("八年级")
    GRADE9 = "06", _("九年级")
    HIGH1 = "07", _("高中一年级")
    HIGH2 = "08", _("高中二年级")
    HIGH3 = "09", _("高中三年级")
    VOC1 = "10", _("中职一年级")
    VOC2 = "11", _("中职二年级")
    VOC3 = "12", _("中职三年级")
    HVOC1 = "13", _("高职一年级")
    HVOC2 = "14", _("高职二年级")
    HVOC3 = "15", _("高职三年级")
    COLLEGE = "16", _("大专及以上")
    DROPPED_OUT = "17", _("失学或辍学")


class Health(models.TextChoices):
    HEALTHY = "1", _("健康")
    CHRONIC = "2", _("长期慢性病")
    SERIOUS = "3", _("患有大病")
    DISABLED = "4", _("残疾")


class DisabilityKind(models.TextChoices):
    NONE = "", _("无")
    VISUAL = "1", _("视力残疾")
    HEARING = "2", _("听力残疾")
    SPEECH = "3", _("言语残疾")
    PHYSICAL = "4", _("肢体残疾")
    INTELLECTUAL = "5", _("智力残疾")
    MENTAL = "6", _("精神残疾")
    MULTIPLE = "7", _("多重残疾")


class DisabilityGrade(models.TextChoices):
    NONE = "", _("无")
    G1 = "1", _("一级")
    G2 = "2", _("二级")
    G3 = "3", _("三级")
    G4 = "4", _("四级")


class LaborAbility(models.TextChoices):
    ORDINARY = "1", _("普通劳动力")
    SKILLED = "2", _("技能劳动力")
    WEAK = "3", _("弱劳动力或半劳动力")
    LOST = "4", _("丧失劳动力")
    NONE = "5", _("无劳动力")


class WorkStatus(models.TextChoices):
    """务工区域 of the form; NOT_WORKING for members without migrant work."""

    NOT_WORKING = "00", _("未务工")
    IN_TOWN = "01", _("乡(镇)内务工")
    IN_COUNTY = "02", _("乡(镇)外县内务工")
    IN_PROVINCE = "03", _("县外省内务工")
    OUT_PROVINCE = "04", _("省外务工")
    OTHER = "05", _("其他")


LABOR_ABLE = {LaborAbility.ORDINARY, LaborAbility.SKILLED, LaborAbility.WEAK}
