from django.core.management.base import BaseCommand

from danvan.core.demo import load_all


class Command(BaseCommand):
    help = "Load the demo accounts and records (idempotent). Run load_units first."

    def handle(self, *args, **options):
        load_all(self.stdout)
