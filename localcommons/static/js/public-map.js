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

function clusterIcon(cluster) {
  // The count is a number we computed, so it can go in as markup; it is read out with
  // what pressing the cluster does.
  const count = cluster.getChildCount();
  return L.divIcon({
    html: `<div><span>${count}</span><span class="visually-hidden"> places, zoom in</span></div>`,
    className: "marker-cluster",
    iconSize: L.point(40, 40),
  });
}

function startingView(element) {
  return {
    centre: [Number.parseFloat(element.dataset.lat), Number.parseFloat(element.dataset.lng)],
    zoom: Number.parseInt(element.dataset.zoom, 10),
  };
}

async function loadMarkers(url) {
  const response = await fetch(url, { headers: { Accept: "application/geo+json" } });
  if (!response.ok) {
    throw new Error(`map data: ${response.status}`);
  }
  const collection = await response.json();
  return collection.features.map((feature) => {
    const [lng, lat] = feature.geometry.coordinates;
    const { properties } = feature;
    const marker = L.marker([lat, lng], {
      icon: markerIcon(properties.kind),
      title: properties.title,
      keyboard: true,
    });
    marker.featureId = properties.id;
    return marker.bindPopup(() => popupContent(properties));
  });
}

// The view is set once, without animation, after the data has arrived: tiles are fetched
// for that view only, and the map is still when it says it is ready.
async function initPublicMap(element) {
  if (!L || !L.markerClusterGroup) {
    return;
  }
  const map = L.map(element, { scrollWheelZoom: false });
  let markers = [];
  try {
    markers = await loadMarkers(element.dataset.geojsonUrl);
  } catch (error) {
    element.dataset.error = error.message;
  }
  const view = startingView(element);
  if (markers.length > 0) {
    const bounds = L.latLngBounds(markers.map((marker) => marker.getLatLng()));
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17, animate: false });
  } else {
    map.setView(view.centre, view.zoom, { animate: false });
  }
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  const ready = () => {
    element.dataset.markerCount = String(markers.length);
    element.classList.add("public-map--ready");
  };
  // Thousands of markers are added in chunks so the page stays responsive; the map is
  // ready when the last chunk is in.
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    chunkedLoading: true,
    chunkProgress: (processed, total) => {
      if (processed === total) {
        ready();
      }
    },
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(clusters);
  if (markers.length > 0) {
    clusters.addLayers(markers);
  } else {
    ready();
  }
}

document.querySelectorAll("[data-public-map]").forEach(initPublicMap);
