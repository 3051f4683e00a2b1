/*
 * Diagrams: renders each Mermaid block (pre.diagram) into an inline SVG and
 * gives it a full-screen view with pan and zoom (Panzoom; mouse, touch and
 * keyboard). The build adds this script only to pages that have a diagram, so
 * only they download Mermaid; Material runs it again after instant navigation.
 */
(() => {
  const here = document.currentScript.src;
  // The scripts' fingerprinted names, beside this one (sitebuild/theme/main.html).
  const { mermaid: MERMAID, panzoom: PANZOOM } = document.currentScript.dataset;
  const loaded = (window.sopScripts ||= {});

  /** Load a third-party script once per visit and resolve with its global. */
  function load(file, global) {
    loaded[file] ||= new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL(file, here).href;
      script.onload = () => resolve(window[global]);
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.append(script);
    });
    return loaded[file];
  }

  // Colours come from sop.css custom properties, so the diagrams follow the
  // light/dark palette switch without being drawn again.
  const THEME_CSS = `
    .label, .nodeLabel, .edgeLabel, .cluster-label, span, p {
      color: var(--sop-diagram-text); }
    text, .messageText, .loopText, .loopText > tspan, .labelText, .sectionTitle,
    .labelText > tspan, text.actor > tspan, .noteText > tspan {
      fill: var(--sop-diagram-text); }
    .node rect, .node polygon, .node circle, .node path, rect.actor, .note,
    .labelBox { fill: var(--sop-diagram-node-bg);
      stroke: var(--sop-diagram-node-border); }
    .cluster rect { fill: var(--sop-diagram-cluster-bg);
      stroke: var(--sop-diagram-cluster-border); }
    .flowchart-link, .messageLine0, .messageLine1, .loopLine, .actor-line {
      stroke: var(--sop-diagram-edge); }
    .marker, marker path, #arrowhead path, #sequencenumber,
    .sequenceNumber ~ circle { fill: var(--sop-diagram-edge);
      stroke: var(--sop-diagram-edge); }
    .edgeLabel, .edgeLabel p, .edgeLabel rect, .labelBkg {
      background-color: var(--sop-diagram-label-bg);
      fill: var(--sop-diagram-label-bg); }
    .sequenceNumber { fill: var(--sop-diagram-label-bg); }
  `;

  async function renderAll() {
    const blocks = [...document.querySelectorAll("pre.diagram")];
    if (!blocks.length) return;
    const mermaid = await load(MERMAID, "mermaid");
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      themeCSS: THEME_CSS,
      fontFamily: "var(--md-text-font-family), sans-serif",
      flowchart: { rankSpacing: 40, nodeSpacing: 30 },
      sequence: {
        actorFontSize: 16, messageFontSize: 16, noteFontSize: 16,
        width: 130, actorMargin: 30, mirrorActors: false,
      },
    });
    for (const block of blocks) {
      const id = `sop-diagram-${(window.sopDiagramCount = (window.sopDiagramCount || 0) + 1)}`;
      try {
        const { svg, bindFunctions } = await mermaid.render(id, block.textContent);
        const figure = document.createElement("figure");
        figure.className = "diagram";
        figure.innerHTML = svg;
        bindFunctions?.(figure);
        block.replaceWith(figure);
        keepReadable(figure);
        addFullScreenButton(figure);
      } catch (error) {
        block.classList.add("diagram--error");
        console.error(`diagram ${id} could not be drawn:`, error);
      }
    }
  }

  const READABLE_PX = 12;
  const KEYS = {
    "+": (pz) => pz.zoomIn(), "=": (pz) => pz.zoomIn(), "-": (pz) => pz.zoomOut(),
    "0": (pz) => pz.reset(),
    ArrowLeft: (pz) => pz.pan(60, 0, { relative: true }),
    ArrowRight: (pz) => pz.pan(-60, 0, { relative: true }),
    ArrowUp: (pz) => pz.pan(0, 60, { relative: true }),
    ArrowDown: (pz) => pz.pan(0, -60, { relative: true }),
  };

  /**
   * Never shrink a diagram's text below READABLE_PX: on a narrow screen the
   * figure scrolls sideways instead of drawing the diagram smaller than that,
   * and is then a tab stop, so the keyboard scrolls it too.
   */
  function keepReadable(figure) {
    const svg = figure.querySelector("svg");
    const { width } = svg.viewBox.baseVal;
    const readableWidth = Math.ceil((width * READABLE_PX) / smallestFont(svg));
    svg.style.minWidth = `${Math.min(width, readableWidth)}px`;
    figure.setAttribute("role", "group");
    figure.setAttribute("aria-label", svg.querySelector("title")?.textContent ?? "diagram");
    new ResizeObserver(() => {
      figure.tabIndex = figure.scrollWidth > figure.clientWidth ? 0 : -1;
    }).observe(figure);
  }

  function addFullScreenButton(figure) {
    const svg = figure.querySelector("svg");
    const title = svg.querySelector("title")?.textContent ?? "diagram";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "diagram__open md-button";
    button.textContent = "Full screen";
    button.setAttribute("aria-label", `${title}: open full screen with pan and zoom`);
    button.addEventListener("click", () => openFullScreen(figure, svg, button, title));
    figure.append(button);
  }

  /** The smallest font size in the SVG, in its own units. */
  function smallestFont(svg) {
    const sizes = [...svg.querySelectorAll("text, foreignObject p, foreignObject span")]
      .filter((el) => el.textContent.trim())
      .map((el) => parseFloat(getComputedStyle(el).fontSize));
    return Math.min(16, ...sizes);
  }

  async function openFullScreen(figure, svg, button, title) {
    const Panzoom = await load(PANZOOM, "Panzoom");
    const dialog = document.createElement("dialog");
    dialog.className = "diagram-dialog md-typeset";
    dialog.setAttribute("aria-label", `${title}, full screen`);
    dialog.innerHTML = `
      <div class="diagram-dialog__bar">
        <p class="diagram-dialog__help">Drag or arrow keys: move.
          Wheel, pinch or + and −: zoom. 0: reset. Esc: close.</p>
        <button type="button" class="md-button" data-key="+" aria-label="Zoom in">+</button>
        <button type="button" class="md-button" data-key="-" aria-label="Zoom out">−</button>
        <button type="button" class="md-button" data-key="0">Reset</button>
        <button type="button" class="md-button md-button--primary" data-close>Close</button>
      </div>
      <div class="diagram-dialog__stage"></div>`;
    const stage = dialog.querySelector(".diagram-dialog__stage");
    const { width, height } = svg.viewBox.baseVal;
    const saved = svg.getAttribute("style");
    document.body.append(dialog);
    dialog.showModal();
    stage.append(svg);
    svg.setAttribute("style", `width: ${width}px; height: ${height}px; max-width: none`);
    // The whole width always shows (no lane cut off, on a phone too); within
    // it, the whole height too unless that makes the text unreadable.
    const fitWidth = stage.clientWidth / width;
    const fitHeight = stage.clientHeight / height;
    const readable = (READABLE_PX + 0.5) / smallestFont(svg); // a little margin
    const panzoom = Panzoom(svg, {
      startScale: Math.min(fitWidth, 2, Math.max(fitHeight, readable)),
      minScale: 0.1, maxScale: 8, step: 0.25,
    });
    stage.addEventListener("wheel", panzoom.zoomWithWheel);
    dialog.addEventListener("keydown", (event) => {
      const action = KEYS[event.key];
      if (!action || event.target.closest("button")?.dataset.key) return;
      event.preventDefault();
      action(panzoom);
    });
    dialog.addEventListener("click", (event) => {
      const target = event.target.closest("button");
      if (target?.dataset.key) KEYS[target.dataset.key](panzoom);
      if (target?.hasAttribute("data-close")) dialog.close();
    });
    dialog.addEventListener("close", () => {
      panzoom.destroy();
      svg.setAttribute("style", saved ?? "");
      svg.style.removeProperty("transform");
      svg.style.removeProperty("transform-origin");
      figure.prepend(svg);
      dialog.remove();
      button.focus();
    });
    dialog.querySelector("[data-close]").focus();
  }

  renderAll();
})();
