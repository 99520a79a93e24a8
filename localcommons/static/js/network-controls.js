// The controls above the picture: colour and size choices with a legend, a search by
// name, and zoom buttons for those who cannot pinch or scroll.

import { capitalise, element, hiddenText } from "./network-dom.js";

const COLOUR_CHOICES = [
  ["kind", "Kind"],
  ["community", "Cluster"],
];
const SIZE_CHOICES = [
  ["degree", "Connections"],
  ["betweenness", "Betweenness"],
];

function radioGroup(name, legend, choices, checked, onChange) {
  const fieldset = element("fieldset", { className: "network-controls__choice" }, [
    element("legend", { text: legend }),
  ]);
  for (const [value, label] of choices) {
    const id = `network-${name}-${value}`;
    const input = element("input", {
      attributes: { type: "radio", name: `network-${name}`, id, value },
    });
    input.checked = value === checked;
    input.addEventListener("change", () => {
      if (input.checked) {
        onChange(value);
      }
    });
    fieldset.append(
      element("span", { className: "network-controls__option" }, [
        input,
        element("label", { text: label, attributes: { for: id } }),
      ]),
    );
  }
  return fieldset;
}

function searchForm(nodes, onSearch) {
  const form = element("form", {
    className: "network-search",
    attributes: { role: "search", "aria-label": "Find a listing in the picture" },
  });
  const input = element("input", {
    attributes: {
      type: "search",
      id: "network-search",
      list: "network-search-names",
      autocomplete: "off",
      spellcheck: "false",
    },
  });
  const names = element("datalist", { attributes: { id: "network-search-names" } });
  const seen = new Set();
  for (const node of [...nodes].sort((a, b) => a.label.localeCompare(b.label))) {
    if (!seen.has(node.label)) {
      seen.add(node.label);
      names.append(element("option", { attributes: { value: node.label } }));
    }
  }
  const button = element("button", { text: "Find", attributes: { type: "submit" } });
  const status = element("p", {
    className: "network-search__status",
    attributes: { role: "status" },
  });
  form.append(
    element("label", { text: "Find by name", attributes: { for: "network-search" } }),
    element("div", { className: "network-search__row" }, [input, button]),
    names,
    status,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    status.textContent = onSearch(input.value);
  });
  return { form, input, status };
}

function zoomButtons(actions) {
  const group = element("div", {
    className: "network-zoom",
    attributes: { role: "group", "aria-label": "Zoom the picture" },
  });
  for (const [label, action] of actions) {
    const button = element("button", { text: label, attributes: { type: "button" } });
    button.addEventListener("click", action);
    group.append(button);
  }
  return group;
}

export class NetworkControls {
  constructor(container, { nodes, schemes, colourBy, sizeBy, on }) {
    this.container = container;
    this.schemes = schemes;
    this.legendTitle = element("h3", {
      className: "network-legend__title",
      attributes: { id: "network-legend-heading" },
    });
    this.legendList = element("ul", { className: "network-legend__list" });
    const legend = element(
      "div",
      { className: "network-legend", attributes: { "aria-labelledby": "network-legend-heading" } },
      [this.legendTitle, this.legendList],
    );
    const search = searchForm(nodes, on.search);
    this.searchInput = search.input;
    this.searchStatus = search.status;
    const choices = element("div", { className: "network-controls__choices" }, [
      radioGroup("colour", "Colour by", COLOUR_CHOICES, colourBy, (value) => {
        on.colour(value);
        this.showLegend(value);
      }),
      radioGroup("size", "Size by", SIZE_CHOICES, sizeBy, on.size),
      zoomButtons([
        ["Zoom in", on.zoomIn],
        ["Zoom out", on.zoomOut],
        ["Show everything", on.reset],
      ]),
    ]);
    const hint = element("p", {
      className: "network-controls__hint",
      text:
        "Drag to move around the picture and select a circle for its details. " +
        "To zoom with the mouse wheel, click the picture first.",
    });
    this.layoutStatus = element("p", { className: "network-controls__layout" });
    this.layoutStatus.hidden = true;
    container.replaceChildren(search.form, choices, legend, hint, this.layoutStatus);
    this.showLegend(colourBy);
    container.hidden = false;
  }

  showLegend(name) {
    const scheme = this.schemes[name];
    this.legendTitle.textContent = scheme.title;
    this.legendList.replaceChildren(
      ...scheme.legend.map((entry) => {
        const swatch = element("span", {
          className: "network-legend__swatch",
          attributes: { "aria-hidden": "true" },
        });
        swatch.style.background = entry.colour;
        return element("li", {}, [
          swatch,
          element("span", { text: capitalise(entry.label) }),
          hiddenText(","),
          element("span", { className: "network-legend__count", text: ` ${entry.count}` }),
        ]);
      }),
    );
  }

  focusSearch() {
    this.searchInput.focus();
  }

  sayLayout(text) {
    this.layoutStatus.textContent = text;
    this.layoutStatus.hidden = !text;
  }
}
