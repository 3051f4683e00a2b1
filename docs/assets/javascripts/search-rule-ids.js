/*
 * Rule-ID search: when the query is a rule ID, however typed (DB-03, sec-01,
 * DB03, db 3), move the rule's own result (its heading, linking to #DB-03) to
 * the top of the list and give it the best score, so the first result, and
 * Enter, land on it.
 */
(() => {
  const RULE_ID = /^\s*([a-z]{2,4})[\s-]*(\d{1,2})\s*$/i;
  const input = document.querySelector(".md-search__input");
  const list = document.querySelector(".md-search-result__list");
  if (!input || !list) return;

  function promoteRule() {
    const match = RULE_ID.exec(input.value);
    if (!match) return;
    const hash = `#${match[1].toUpperCase()}-${match[2].padStart(2, "0")}`;
    const link = [...list.querySelectorAll("a.md-search-result__link")]
      .find((a) => new URL(a.href).hash === hash);
    if (!link || link.closest(".sop-rule-result")) return;
    const item = document.createElement("li");
    item.className = "md-search-result__item sop-rule-result";
    item.append(link);
    list.prepend(item);
    link.firstElementChild?.setAttribute("data-md-score", String(Number.MAX_VALUE));
  }

  new MutationObserver(promoteRule).observe(list, { childList: true });
})();
