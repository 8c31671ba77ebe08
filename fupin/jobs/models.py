"""Background jobs: long work (imports, rebuilds) with its progress stored so a page can follow it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.fields import user_field


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


FINISHED = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}


class JobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """A user follows and cancels only the jobs they started."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def running(self):
        return self.filter(status=JobStatus.RUNNING)


class Job(models.Model):
    """One run of a long task: who started it, where it stands, and what came out."""

    kind = models.CharField(_("类型"), max_length=64, db_index=True)
    handler = models.CharField(_("处理函数"), max_length=200, help_text=_("执行任务的函数的完整路径"))
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    done = models.PositiveBigIntegerField(_("已处理"), default=0)
    total = models.PositiveBigIntegerField(_("总数"), default=0)
    message = models.TextField(_("消息"), blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    user = user_field(_("发起人"))
    region_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    worker_pid = models.PositiveIntegerField(_("进程号"), null=True, blank=True)
    worker_host = models.CharField(_("主机"), max_length=128, blank=True)
    task_id = models.CharField(
        _("队列任务号"), max_length=64, blank=True, help_text=_("任务队列中运行此任务的任务号")
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self):
        return self.status in FINISHED

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == JobStatus.SUCCEEDED else 0
        return min(100, int(self.done * 100 / self.total))
