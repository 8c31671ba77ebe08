from django.urls import path

from fupin.consumption.views import board, market, office

app_name = "consumption"
urlpatterns = [
    path("", board.home, name="home"),
    path("listings/", office.listing_list, name="listing_list"),
    path("listings/new/", office.listing_create, name="listing_create"),
    path("listings/flag-unsold/", office.flag_unsold_from_tracking, name="listing_flag_unsold"),
    path("listings/<int:pk>/", office.listing_detail, name="listing_detail"),
    path("suppliers/", office.supplier_list, name="supplier_list"),
    path("suppliers/new/", office.supplier_create, name="supplier_create"),
    path("buyers/", office.buyer_list, name="buyer_list"),
    path("buyers/new/", office.buyer_create, name="buyer_create"),
    path("buyers/<int:pk>/", office.buyer_review, name="buyer_review"),
    path("demands/", office.demand_list, name="demand_list"),
    path("matching/", office.matching_start, name="matching_start"),
    path("matching/<int:pk>/", office.run_detail, name="run_detail"),
    path("proposals/<int:pk>/<str:decision>/", office.proposal_decide, name="proposal_decide"),
    path("orders/", office.order_list, name="order_list"),
    path("orders/<int:pk>/", office.order_detail, name="order_detail"),
    path("orders/import/", office.sales_import, name="sales_import"),
    path("bases/", office.base_list, name="base_list"),
    path("bases/new/", office.base_create, name="base_create"),
    path("market/", market.market, name="market"),
    path("market/<int:pk>/", market.market_listing, name="market_listing"),
    path("market/demands/", market.my_demands, name="my_demands"),
    path("market/demands/new/", market.demand_post, name="demand_post"),
    path("market/proposals/<int:pk>/<str:decision>/", market.my_proposal, name="my_proposal"),
    path("market/orders/", market.my_orders, name="my_orders"),
    path("market/orders/<int:pk>/", market.my_order, name="my_order"),
    path("market/orders/import/", market.purchase_import, name="purchase_import"),
    path("register/", market.register, name="register"),
]
