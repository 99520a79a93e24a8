// Leaflet puts string tooltip and popup content into the page as HTML. Listing names are
// user text, so they go in as a text node instead: never as markup.
export function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text ?? "";
  return span;
}
