// "Chép đường dẫn": copy the article's address; without the clipboard API the field is selected instead.
document.addEventListener("click", function (event) {
  var button = event.target.closest(".copy-link");
  if (!button) return;
  var field = document.getElementById(button.dataset.target);
  var status = document.querySelector(".copy-status");
  field.select();
  var done = function () { if (status) status.textContent = button.dataset.done; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () {});
  } else if (document.execCommand && document.execCommand("copy")) {
    done();
  }
});
