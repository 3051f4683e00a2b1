/*
 * The Backend Development Checklist, interactive: ticks are remembered in this
 * browser per service name, and "Copy as Markdown" gives the list (ticks and
 * rule links) for a pull request description. The build adds this script to
 * the checklist page only; the page itself stays the generated Markdown.
 */
(() => {
  const article = document.querySelector("article.md-content__inner");
  const items = [...(article?.querySelectorAll("li.task-list-item") ?? [])];
  if (!items.length || article.querySelector(".sop-checklist-tools")) return;

  const STORE = "acacia-sop-checklist";
  const title = article.querySelector("h1")?.firstChild?.textContent.trim() ?? "Checklist";

  /** An item's first paragraph as Markdown: text, `code` and [links](url). */
  function markdown(node) {
    let text = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) text += child.textContent;
      else if (child.matches("label.task-list-control")) continue;
      else if (child.matches("code")) text += `\`${child.textContent}\``;
      else if (child.matches("a[href]")) text += `[${markdown(child)}](${child.href})`;
      else text += markdown(child);
    }
    return text.replace(/\s+/g, " ").trim();
  }

  const entries = items.map((item) => {
    const line = item.querySelector("p") ?? item;
    const box = line.querySelector("input[type=checkbox]");
    const text = markdown(line);
    box.disabled = false;
    box.setAttribute("aria-label", line.textContent.replace(/\s+/g, " ").trim());
    const automated = [...item.querySelectorAll("strong")]
      .some((strong) => strong.textContent.trim() === "Automated");
    return { item, box, text, automated };
  });

  const automated = entries.filter((entry) => entry.automated).length;
  const checker = new URL("../check-command/", location.href).href;
  const tools = document.createElement("div");
  tools.className = "sop-checklist-tools";
  tools.setAttribute("role", "group");
  tools.setAttribute("aria-label", "Checklist tools");
  tools.innerHTML = `
    <p class="sop-checklist-summary"><strong>${automated} of ${entries.length}
      items are automated</strong>: run <code>acacia-sop check PATH</code> on the
      service's repository to decide them (<a href="${checker}">the checker</a>);
      tick the others by hand. Ticks stay in this browser, per service.</p>
    <p class="sop-checklist-controls">
      <label>Service name
        <input type="text" name="service" autocomplete="off" spellcheck="false"
          placeholder="billing-api"></label>
      <button type="button" class="md-button md-button--primary"
        data-action="copy">Copy as Markdown</button>
      <button type="button" class="md-button" data-action="clear">Clear ticks</button>
    </p>
    <p class="sop-checklist-status" role="status" aria-live="polite"></p>`;
  (article.querySelector("h2") ?? items[0].closest("ul")).before(tools);

  const service = tools.querySelector("input[name=service]");
  const status = tools.querySelector(".sop-checklist-status");
  const key = () => `${STORE}:${service.value.trim() || "(no service)"}`;

  function showProgress(message) {
    const ticked = entries.filter((entry) => entry.box.checked).length;
    status.textContent = message ?? `${ticked} of ${entries.length} items ticked.`;
  }

  function load() {
    let ticked = [];
    try {
      ticked = JSON.parse(localStorage.getItem(key()) ?? "[]");
    } catch {
      ticked = [];
    }
    for (const entry of entries) entry.box.checked = ticked.includes(entry.text);
    showProgress();
  }

  function save() {
    const ticked = entries.filter((entry) => entry.box.checked).map((entry) => entry.text);
    localStorage.setItem(key(), JSON.stringify(ticked));
    localStorage.setItem(`${STORE}:last-service`, service.value.trim());
    showProgress();
  }

  function asMarkdown() {
    const name = service.value.trim();
    const lines = [`## ${title}${name ? `: ${name}` : ""}`];
    let section = null;
    for (const entry of entries) {
      const heading = entry.item.closest("ul")?.previousElementSibling;
      if (heading?.matches("h2, h3") && heading !== section) {
        section = heading;
        lines.push("", `### ${heading.firstChild.textContent.trim()}`, "");
      }
      lines.push(`- [${entry.box.checked ? "x" : " "}] ${entry.text}`);
    }
    return `${lines.join("\n")}\n`;
  }

  async function copy() {
    const text = asMarkdown();
    try {
      await navigator.clipboard.writeText(text);
      showProgress(`Copied ${entries.length} items as Markdown.`);
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      tools.append(area);
      area.select();
      const copied = document.execCommand("copy");
      area.remove();
      showProgress(copied ? `Copied ${entries.length} items as Markdown.`
        : "Could not copy: your browser blocked the clipboard.");
    }
  }

  service.value = localStorage.getItem(`${STORE}:last-service`) ?? "";
  service.addEventListener("input", () => {
    localStorage.setItem(`${STORE}:last-service`, service.value.trim());
    load();
  });
  for (const entry of entries) entry.box.addEventListener("change", save);
  tools.addEventListener("click", (event) => {
    const action = event.target.closest("button")?.dataset.action;
    if (action === "copy") copy();
    if (action === "clear") {
      for (const entry of entries) entry.box.checked = false;
      save();
    }
  });
  load();
})();
