/*
 * Diagrams: renders each Mermaid block (pre.diagram) into an inline SVG.
 * The build adds this script only to pages that have a diagram, so only they
 * download Mermaid; Material runs it again after each instant navigation.
 */
(() => {
  const here = document.currentScript.src;
  const loaded = (window.sopScripts ||= {});

  /** Load a vendored script once per visit and resolve with its global. */
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
    text, .messageText, .loopText, .loopText > tspan, .labelText,
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
    const mermaid = await load("mermaid.min.js", "mermaid");
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      themeCSS: THEME_CSS,
      fontFamily: "var(--md-text-font-family), sans-serif",
      sequence: { actorFontSize: 16, messageFontSize: 16, noteFontSize: 16 },
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
      } catch (error) {
        block.classList.add("diagram--error");
        console.error(`diagram ${id} could not be drawn:`, error);
      }
    }
  }

  renderAll();
})();
