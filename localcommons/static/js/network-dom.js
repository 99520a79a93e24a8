// Small DOM helpers for the network picture. Listing names, summaries and cluster labels
// are user text: they only ever go into the page through textContent, never as markup.

export function element(tag, { className, text, attributes } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  for (const [name, value] of Object.entries(attributes ?? {})) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

export function hiddenText(text) {
  return element("span", { className: "visually-hidden", text });
}

export function capitalise(text) {
  const value = String(text ?? "");
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export function prefersReducedMotion() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}
