/* Small progressive enhancements; every page works without them. No third-party code. */
(function () {
  "use strict";

  /* 获取验证码: the button counts the resend window down (the notice promises 60 seconds). */
  function countdown(button, seconds) {
    var label = button.getAttribute("data-label") || button.textContent;
    var left = seconds;
    function tick() {
      if (left <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.disabled = true;
      button.textContent = left + "秒后重新获取";
      left -= 1;
      window.setTimeout(tick, 1000);
    }
    tick();
  }
  document.querySelectorAll("[data-countdown]").forEach(function (button) {
    var seconds = parseInt(button.getAttribute("data-countdown"), 10) || 0;
    if (seconds > 0) countdown(button, seconds);
  });

  /* The registration's 获取验证码 asks the JSON API and stays on the page (the typed passwords stay). */
  document.querySelectorAll("[data-sms-purpose]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var phone = form.querySelector("[name=phone]").value;
      event.preventDefault();
      button.disabled = true;
      fetch("/api/v1/sms-codes", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ phone: phone, purpose: button.getAttribute("data-sms-purpose") })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        var notice = document.getElementById("sms-notice");
        if (!notice) {
          notice = document.createElement("p");
          notice.id = "sms-notice";
          notice.setAttribute("role", "status");
          form.parentNode.insertBefore(notice, form);
        }
        if (answer.ok) {
          notice.className = "notice";
          notice.textContent = "验证码已发送，" + answer.body.resend_after_seconds + "秒后可重新获取";
          countdown(button, answer.body.resend_after_seconds);
        } else {
          notice.className = "error";
          notice.textContent = answer.body.detail || "验证码发送失败，请稍后再试";
          countdown(button, answer.body.retry_after || 0);
        }
      }).catch(function () { button.disabled = false; });
    });
  });

  /* 添加房屋: only the chosen method's fields are shown. */
  document.querySelectorAll("select[data-switch]").forEach(function (select) {
    function show() {
      document.querySelectorAll("[data-method]").forEach(function (part) {
        var methods = part.getAttribute("data-method").split(" ");
        part.hidden = methods.indexOf(select.value) < 0;
      });
    }
    select.addEventListener("change", show);
    show();
  });

  /* A result the page was asked for (e.g. the house a 查询 found) is brought into view and focused. */
  var result = document.querySelector("[data-focus-on-load]");
  if (result) {
    result.scrollIntoView({ block: "start" });
    result.focus({ preventScroll: true });
  }
})();
