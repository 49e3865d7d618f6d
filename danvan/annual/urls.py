app_name = "annual"
urlpatterns: list = []
