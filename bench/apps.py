from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's data generator (`manage.py generate_scale`): an app on top of the others, so the ground floor
    (`portal`) never imports the apps it generates rows for."""

    name = "bench"
    verbose_name = "Benchmark"
