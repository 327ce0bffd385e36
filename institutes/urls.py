app_name = "institutes"

urlpatterns = []
