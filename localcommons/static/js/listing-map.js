// A small, non-essential map on a listing page: one pin at the listing's location.
// The address and an OpenStreetMap link are on the page for anyone without it.
import { textNode } from "./map-text.js";

const L = window.L;

function initListingMap(element) {
  const lat = Number.parseFloat(element.dataset.lat);
  const lng = Number.parseFloat(element.dataset.lng);
  if (!L || Number.isNaN(lat) || Number.isNaN(lng)) {
    return;
  }
  const map = L.map(element, { scrollWheelZoom: false }).setView([lat, lng], 16);
  L.tileLayer(element.dataset.tileUrl, {
    attribution: element.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  L.circleMarker([lat, lng], {
    radius: 10,
    color: "#7a2e1d",
    weight: 3,
    fillColor: "#c8553d",
    fillOpacity: 0.9,
  })
    .addTo(map)
    .bindTooltip(textNode(element.dataset.title));
  element.classList.add("listing-map--ready");
}

document.querySelectorAll("[data-listing-map]").forEach(initListingMap);
