// The optional map pin on "Add your group": click, tap or "Pin the middle of the map" sets
// the hidden latitude and longitude fields. Without JavaScript the picker stays hidden and
// the address alone is sent.
const L = window.L;

function initPinPicker(picker) {
  const form = picker.closest("form");
  const latInput = form.querySelector('input[name="latitude"]');
  const lngInput = form.querySelector('input[name="longitude"]');
  const status = picker.querySelector("[data-pin-status]");
  if (!L || !latInput || !lngInput) {
    return;
  }
  picker.hidden = false;
  const start = [Number(picker.dataset.lat), Number(picker.dataset.lng)];
  const map = L.map(picker.querySelector("[data-pin-map]"), { scrollWheelZoom: false });
  L.tileLayer(picker.dataset.tileUrl, {
    attribution: picker.dataset.attribution,
    maxZoom: 19,
  }).addTo(map);
  let marker = null;

  function place(latlng) {
    const lat = latlng.lat.toFixed(6);
    const lng = latlng.lng.toFixed(6);
    latInput.value = lat;
    lngInput.value = lng;
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.marker(latlng, { draggable: true, keyboard: false, title: "Your pin" });
      marker.on("dragend", () => place(marker.getLatLng()));
      marker.addTo(map);
    }
    status.textContent = `Pin placed at ${lat}, ${lng}.`;
  }

  function clear() {
    latInput.value = "";
    lngInput.value = "";
    if (marker) {
      marker.remove();
      marker = null;
    }
    status.textContent = "No pin: a moderator will place it from the address.";
  }

  if (latInput.value && lngInput.value) {
    const latlng = L.latLng(Number(latInput.value), Number(lngInput.value));
    map.setView(latlng, 17);
    place(latlng);
  } else {
    map.setView(start, Number(picker.dataset.zoom) || 15);
  }
  map.on("click", (event) => place(event.latlng));
  picker.querySelector("[data-pin-centre]").addEventListener("click", () => place(map.getCenter()));
  picker.querySelector("[data-pin-clear]").addEventListener("click", clear);
}

document.querySelectorAll("[data-pin-picker]").forEach(initPinPicker);
