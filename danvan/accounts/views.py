from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.forms import add_service_errors
from danvan.orgunits.models import OrgUnit

from . import services
from .forms import MembershipForm, RateLimitedAuthenticationForm, UserCreateForm
from .models import Membership, User
from .permissions import MANAGE_ACCOUNTS, can, grants, home_unit, scope, scope_q


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = RateLimitedAuthenticationForm
    redirect_authenticated_user = True


@login_not_required
def admin_login_redirect(request, extra_context=None):
    from urllib.parse import urlencode

    from django.urls import reverse

    target = request.GET.get("next") or request.get_full_path()
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)
def home(request):
    unit = home_unit(request.user)
    children = []
    if unit is not None:
        from danvan.orgunits.selectors import children_on, today

        children = children_on(unit, today())
    memberships = Membership.objects.filter(user=request.user).select_related("unit")
    from danvan.dashboards.home import home_context

    return render(request, "accounts/home.html", {
        "unit": unit, "children": children, "memberships": memberships,
        "can_manage_accounts": request.user.is_superuser or bool(_manageable_units(request.user)),
        **home_context(request, unit),
    })


def _manageable_units(user):
    return [g for g in grants(user) if MANAGE_ACCOUNTS in g.actions]
def user_list(request):
    if not request.user.is_superuser and not _manageable_units(request.user):
        raise PermissionDenied(_("Bạn không có quyền quản lý tài khoản."))
    condition = scope_q(request.user, MANAGE_ACCOUNTS, prefix="memberships__unit__")
    users = User.objects.all() if condition is None else User.objects.filter(condition)
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    users = users.distinct().prefetch_related("memberships__unit").order_by("username")
    return render(request, "accounts/user_list.html", {"users": users[:500], "q": query,
                                                       "form": UserCreateForm()})


def _unit_by_key(key: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(key=key.strip()).first()
    if unit is None:
        raise ValidationError({"unit_key": _("Không có đơn vị với mã “%(k)s”.") % {"k": key}})
    return unit
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = _unit_by_key(data["unit_key"])
            user = services.user_create(
                actor=request.user, username=data["username"], password=data["password"],
                full_name=data["full_name"], position=data["position"], email=data["email"], unit=unit,
                role=data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã tạo tài khoản %(u)s.") % {"u": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _visible_user(request, pk):
    user = get_object_or_404(User, pk=pk)
    if request.user.is_superuser or user == request.user:
        return user
    if any(can(request.user, MANAGE_ACCOUNTS, m.unit) for m in user.memberships.select_related("unit")):
        return user
    raise Http404
def user_detail(request, pk):
    user = _visible_user(request, pk)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = _unit_by_key(form.cleaned_data["unit_key"])
            services.membership_grant(actor=request.user, user=user, unit=unit, role=form.cleaned_data["role"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã cấp quyền."))
            return redirect("accounts:user_detail", pk=user.pk)
    from danvan.core.audit import history_for

    from . import otp
    from .permissions import needs_second_factor

    second_factor = needs_second_factor(user) or otp.is_enrolled(user)
    return render(request, "accounts/user_detail.html", {
        "subject": user, "memberships": user.memberships.select_related("unit"), "form": form,
        "history": history_for(user)[:50], "is_self": user.pk == request.user.pk,
        "otp_status": otp.status_text(user) if second_factor else "",
        "otp_enrolled": otp.can_reset(request.user, user) and otp.is_enrolled(user),
    })
@require_POST
def membership_revoke(request, pk):
    # Memberships outside the units the caller manages look like they do not exist (404, not 403).
    membership = get_object_or_404(scope(Membership.objects.select_related("unit", "user"), request.user,
                                         MANAGE_ACCOUNTS), pk=pk)
    services.membership_revoke(actor=request.user, membership=membership)
    messages.success(request, _("Đã thu hồi quyền."))
    return redirect("accounts:user_detail", pk=membership.user_id)
@require_POST
def user_toggle_active(request, pk):
    user = _visible_user(request, pk)
    try:
        services.user_set_active(actor=request.user, user=user, active=not user.is_active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("accounts:user_detail", pk=user.pk)


def profile(request):
    """The signed-in user's own page: memberships and personal API tokens (created, listed, revoked)."""
    from django.utils import timezone

    from .forms import ApiTokenForm
    from .models import ApiToken
    from .tokens import api_token_create

    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = api_token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"],
                                          expires_on=form.cleaned_data["expires_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown in this one response only; the database keeps nothing but its hash.
            new_token = (token, raw)
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    from . import otp
    from .permissions import needs_second_factor

    return render(request, "accounts/profile.html", {
        "memberships": Membership.objects.filter(user=request.user).select_related("unit"),
        "tokens": tokens, "form": form, "new_token": new_token, "today": timezone.localdate(),
        "otp_needed": needs_second_factor(request.user), "otp_enrolled": otp.is_enrolled(request.user),
        "otp_verified": otp.is_verified(request), "otp_status": otp.status_text(request.user),
    })


@require_POST
def api_token_revoke(request, pk):
    from .models import ApiToken
    from .tokens import api_token_revoke as revoke

    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("accounts:profile")
