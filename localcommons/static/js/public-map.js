// The public map: markers for the GeoJSON the page's filters select, clustered and
// coloured by kind. The list below the map shows the same results without JavaScript.
import { textNode } from "./map-text.js";

const L = window.L;

function markerIcon(kind) {
  return L.divIcon({
    className: `map-marker map-marker--${kind}`,
    iconSize: [18, 18],
    iconAnchor: [9, 9],
    popupAnchor: [0, -9],
  });
}

// Built from DOM nodes so titles and summaries are always text, never markup.
function popupContent(properties) {
  const box = document.createElement("div");
  box.className = "map-popup";
  const kind = document.createElement("p");
  kind.className = "map-popup__kind";
  kind.append(textNode(properties.kind.charAt(0).toUpperCase() + properties.kind.slice(1)));
  const title = document.createElement("p");
  title.className = "map-popup__title";
  const link = document.createElement("a");
  link.href = properties.url;
  link.append(textNode(properties.title));
  title.append(link);
  box.append(kind, title);
  if (properties.summary) {
    const summary = document.createElement("p");
    summary.className = "map-popup__summary";
    summary.append(textNode(properties.summary));
    box.append(summary);
  }
  return box;
}

async function initPublicMap(element) {
  if (!L || !L.markerClusterGroup) {
    return;
  }
  const map = L.map(element, { scrollWheelZoom: false }).setView(
    [Number.parseFloat(element.dataset.lat), Number.parseFloat(element.dataset.lng)],
    Number.parseInt(element.dataset.zoom, 10),
  );
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  const clusters = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
  map.addLayer(clusters);
  const response = await fetch(element.dataset.geojsonUrl, {
    headers: { Accept: "application/geo+json" },
  });
  if (!response.ok) {
    element.dataset.error = String(response.status);
    return;
  }
  const collection = await response.json();
  const markers = collection.features.map((feature) => {
    const [lng, lat] = feature.geometry.coordinates;
    const { properties } = feature;
    const marker = L.marker([lat, lng], {
      icon: markerIcon(properties.kind),
      title: properties.title,
      alt: properties.title,
      keyboard: true,
    });
    marker.featureId = properties.id;
    return marker.bindPopup(() => popupContent(properties));
  });
  clusters.addLayers(markers);
  if (markers.length > 0) {
    map.fitBounds(clusters.getBounds(), { padding: [24, 24], maxZoom: 17 });
  }
  element.dataset.markerCount = String(markers.length);
  element.classList.add("public-map--ready");
}

document.querySelectorAll("[data-public-map]").forEach(initPublicMap);
