// The side panel for the selected listing: kind, summary, figures, its connections and
// links onward. Every name and summary is set with textContent.

import { capitalise, element, hiddenText } from "./network-dom.js";

const CONNECTIONS_SHOWN = 12;

// What each listing is connected to, worded from its own side ("meets at", "hosts").
export function connectionsByNode(network) {
  const labels = new Map(network.nodes.map((node) => [node.id, node]));
  const connections = new Map();
  const add = (from, other, phrase) => {
    if (!labels.has(from) || !labels.has(other)) {
      return;
    }
    if (!connections.has(from)) {
      connections.set(from, []);
    }
    connections.get(from).push({ node: labels.get(other), phrase });
  };
  for (const link of network.links) {
    add(link.source, link.target, link.relation);
    add(link.target, link.source, link.reverse || link.relation);
  }
  for (const list of connections.values()) {
    list.sort((a, b) => b.node.degree - a.node.degree || a.node.label.localeCompare(b.node.label));
  }
  return connections;
}

// The current page's filters, with the focus on this listing: the server draws the rest.
function focusHref(node) {
  const params = new URLSearchParams(window.location.search);
  params.delete("page");
  params.set("focus", String(node.id));
  params.set("depth", "1");
  return `?${params}`;
}

function figure(term, value) {
  return [element("dt", { text: term }), element("dd", { text: value })];
}

function describe(node) {
  if (node.isolated) {
    return "No connections recorded yet.";
  }
  if (node.near_isolated) {
    return "Only one connection: a group that could use more links.";
  }
  if (node.broker) {
    return "A broker: links parts of the network that are otherwise far apart.";
  }
  return null;
}

export class NetworkPanel {
  constructor(panel, network, { onSelect, onClose }) {
    this.panel = panel;
    this.onSelect = onSelect;
    this.onClose = onClose;
    this.connections = connectionsByNode(network);
    this.clusters = new Map(network.communities.map((c) => [c.id, c]));
    this.headingId = "network-panel-heading";
    panel.setAttribute("aria-labelledby", this.headingId);
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        this.close({ returnFocus: true });
      }
    });
  }

  clusterText(node) {
    const cluster = this.clusters.get(node.community);
    const label = cluster?.label || "mixed interests";
    return `${node.community}: ${label}`;
  }

  show(node, { moveFocus = false } = {}) {
    const heading = element("h3", {
      className: "network-panel__title",
      text: node.label,
      attributes: { id: this.headingId, tabindex: "-1" },
    });
    const close = element("button", {
      className: "network-panel__close",
      attributes: { type: "button" },
    });
    close.append("Close", hiddenText(" the details"));
    close.addEventListener("click", () => this.close({ returnFocus: true }));

    const kind = element("p", { className: "network-panel__kind" }, [
      element("span", {
        className: `kind-badge kind-badge--${node.kind}`,
        text: capitalise(node.kind),
      }),
    ]);
    if (node.area) {
      kind.append(" ", element("span", { className: "network-panel__area", text: node.area }));
    }
    const parts = [element("div", { className: "network-panel__head" }, [heading, close]), kind];
    if (node.summary) {
      parts.push(element("p", { className: "network-panel__summary", text: node.summary }));
    }
    const figures = element("dl", { className: "network-panel__figures" }, [
      ...figure("Connections", String(node.degree)),
      ...figure("Betweenness", node.betweenness.toFixed(3)),
      ...figure("Cluster", this.clusterText(node)),
    ]);
    parts.push(figures);
    const note = describe(node);
    if (note) {
      parts.push(element("p", { className: "network-panel__note", text: note }));
    }
    parts.push(...this.connectionList(node));

    const links = element("p", { className: "network-panel__links" });
    if (node.url) {
      const page = element("a", { attributes: { href: node.url } });
      page.append("Go to its page", hiddenText(`: ${node.label}`));
      links.append(page);
    }
    const focus = element("a", {
      className: "network-panel__focus",
      attributes: { href: focusHref(node) },
    });
    focus.append("Focus on this", hiddenText(`: ${node.label} and its connections`));
    links.append(focus);
    parts.push(links);

    this.panel.replaceChildren(...parts);
    this.panel.dataset.nodeId = String(node.id);
    this.panel.hidden = false;
    if (moveFocus) {
      heading.focus();
    }
  }

  connectionList(node) {
    const list = this.connections.get(node.id) ?? [];
    if (!list.length) {
      return [];
    }
    const heading = element("h4", { className: "network-panel__subheading", text: "Connected to" });
    const items = list.slice(0, CONNECTIONS_SHOWN).map(({ node: other, phrase }) => {
      const button = element("button", {
        className: "network-panel__neighbour",
        attributes: { type: "button" },
      });
      button.append(
        element("span", { className: "network-panel__relation", text: phrase }),
        " ",
        element("span", { className: "network-panel__name", text: other.label }),
      );
      button.addEventListener("click", () => this.onSelect(other, { fromPanel: true }));
      return element("li", {}, [button]);
    });
    const parts = [heading, element("ul", { className: "network-panel__neighbours" }, items)];
    if (list.length > CONNECTIONS_SHOWN) {
      const more = list.length - CONNECTIONS_SHOWN;
      parts.push(
        element("p", {
          className: "network-panel__more",
          text: `And ${more} more: focus on this listing to see them all.`,
        }),
      );
    }
    return parts;
  }

  close({ returnFocus = false } = {}) {
    const hadFocus = this.panel.contains(document.activeElement);
    this.panel.hidden = true;
    this.panel.replaceChildren();
    delete this.panel.dataset.nodeId;
    this.onClose({ returnFocus: returnFocus && hadFocus });
  }
}
