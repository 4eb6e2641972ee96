// vocvision serve: plain JavaScript, no build step, no external resources.
"use strict";

const $ = (id) => document.getElementById(id);
let info = null;      // GET /api/model
let upload = null;    // the chosen File
let clean = null;     // the last /api/predict answer

function status(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({ error: "HTTP " + response.status }));
  if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
  return body;
}

function className(index) { return index === 0 ? "background" : info.classes[index - 1]; }

async function start() {
  try {
    info = await api("/api/model");
  } catch (e) {
    status("cannot reach the server: " + e.message, true);
    return;
  }
  const served = [info.classifier, info.segmenter].filter(Boolean)
    .map((m) => m.task + ": " + m.model + " at " + m.inputSize + " px");
  $("models").textContent = served.join(" · ");
  for (const a of info.attacks) $("method").add(new Option(a.name + " — " + a.summary, a.name));
  $("method").value = "pgd";
  for (const c of info.classes) $("target").add(new Option(c, c));
  for (const m of ["classifier", "segmenter"]) if (info[m]) $("attacked").add(new Option(m, m));
  $("attacked-row").hidden = $("attacked").options.length < 2;
  $("opacity-row").hidden = !info.segmenter;
  document.body.dataset.state = "ready";
}

// ---- choosing an image -------------------------------------------------------------------------
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
});
$("file").addEventListener("change", () => { if ($("file").files.length) choose($("file").files[0]); });

async function choose(file) {
  upload = file;
  document.body.dataset.state = "predicting";
  status("predicting " + file.name + " …");
  try {
    const pixels = await decode(file);
    const form = new FormData();
    form.append("image", file, file.name);
    const started = performance.now();
    clean = await api("/api/predict", { method: "POST", body: form });
    drawImage($("photo"), pixels);
    showLabels(clean);
    await showMask(clean.mask, $("overlay"), $("photo"));
    $("views").hidden = false;
    $("attack").hidden = false;
    $("attack-result").hidden = true;
    status(file.name + ": " + clean.width + "×" + clean.height + " px, predicted in "
      + Math.round(performance.now() - started) + " ms");
    document.body.dataset.state = "predicted";
  } catch (e) {
    status(e.message, true);
    document.body.dataset.state = "error";
  }
}

/** The upload as an ImageBitmap or ImageData: browsers decode JPEG/PNG; a .npy is parsed here. */
async function decode(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0x93 && String.fromCharCode(...bytes.slice(1, 6)) === "NUMPY") return npy(bytes);
  return createImageBitmap(file);
}

function npy(bytes) {
  const view = new DataView(bytes.buffer);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = new TextDecoder().decode(bytes.slice(major === 1 ? 10 : 12, start));
  const shape = /'shape':\s*\((\d+),\s*(\d+),\s*3\)/.exec(header);
  if (!shape) throw new Error("this .npy is not an (H, W, 3) uint8 image");
  const h = +shape[1], w = +shape[2];
  const rgba = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) {
    rgba[4 * i] = bytes[start + 3 * i];
    rgba[4 * i + 1] = bytes[start + 3 * i + 1];
    rgba[4 * i + 2] = bytes[start + 3 * i + 2];
    rgba[4 * i + 3] = 255;
  }
  return new ImageData(rgba, w, h);
}

function drawImage(canvas, pixels) {
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const ctx = canvas.getContext("2d");
  if (pixels instanceof ImageData) ctx.putImageData(pixels, 0, 0);
  else ctx.drawImage(pixels, 0, 0);
}

// ---- labels -----------------------------------------------------------------------------------
function showLabels(prediction) {
  const bars = $("bars");
  bars.textContent = "";
  $("predicted").textContent = "";
  if (!prediction.probabilities) {
    bars.textContent = "no classifier served";
    return;
  }
  for (const name of prediction.labels) $("predicted").append(chip(name, ""));
  prediction.classes.forEach((name, c) => {
    const p = prediction.probabilities[c];
    const on = prediction.labels.includes(name);
    const label = document.createElement("span");
    label.textContent = name;
    label.className = on ? "row-on" : "";
    const bar = document.createElement("div");
    bar.className = "bar" + (on ? " on" : "");
    bar.dataset.class = name;
    const fill = document.createElement("div");
    fill.className = "fill";
    fill.style.width = (100 * p).toFixed(1) + "%";
    const tick = document.createElement("div");
    tick.className = "tick";
    tick.style.left = (100 * prediction.thresholds[c]).toFixed(1) + "%";
    tick.title = "threshold " + prediction.thresholds[c].toFixed(2);
    bar.append(fill, tick);
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = p.toFixed(3);
    bars.append(label, bar, value);
  });
}

function chip(text, kind) {
  const c = document.createElement("span");
  c.className = "chip " + kind;
  c.textContent = text;
  return c;
}

// ---- masks ------------------------------------------------------------------------------------
/** Draws the palette PNG over the photo: background transparent, classes in VOC colours. */
async function showMask(mask, overlay, under) {
  const legend = $("legend");
  if (overlay === $("overlay")) legend.textContent = "";
  if (!mask) {
    overlay.width = 0;
    return;
  }
  const image = new Image();
  image.src = mask.png;
  await image.decode();
  overlay.width = mask.width;
  overlay.height = mask.height;
  const ctx = overlay.getContext("2d");
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, mask.width, mask.height);
  for (let i = 0; i < data.data.length; i += 4) {
    if (data.data[i] === 0 && data.data[i + 1] === 0 && data.data[i + 2] === 0) data.data[i + 3] = 0;
  }
  ctx.putImageData(data, 0, 0);
  overlay.style.opacity = $("opacity").value / 100;
  if (overlay !== $("overlay")) return;
  for (const s of mask.shares) {
    const item = document.createElement("li");
    item.dataset.class = s.name;
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = info.colours[s.index];
    item.append(swatch, s.name + " " + (100 * s.share).toFixed(1) + "%");
    legend.append(item);
  }
}

$("opacity").addEventListener("input", () => {
  for (const id of ["overlay", "adv-overlay"]) $(id).style.opacity = $("opacity").value / 100;
});

// ---- attack -----------------------------------------------------------------------------------
$("eps").addEventListener("input", () => { $("eps-value").textContent = $("eps").value + "/255"; });

$("attack-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!upload) return;
  const form = new FormData();
  form.append("image", upload, upload.name);
  form.append("method", $("method").value);
  form.append("eps", String($("eps").value / 255));
  form.append("steps", $("steps").value);
  form.append("target", $("target").value);
  if ($("attacked").value) form.append("model", $("attacked").value);
  $("run-attack").disabled = true;
  document.body.dataset.state = "attacking";
  status("attacking with " + $("method").value + " at eps " + $("eps").value + "/255 …");
  try {
    const r = await api("/api/attack", { method: "POST", body: form });
    await showAttack(r);
    status(r.method + " on the " + r.attacked + " in " + r.millis + " ms");
    document.body.dataset.state = "attacked";
  } catch (err) {
    status(err.message, true);
    document.body.dataset.state = "error";
  } finally {
    $("run-attack").disabled = false;
  }
});

async function showAttack(r) {
  $("adv-image").src = r.image;
  $("adv-delta").src = r.perturbation;
  const psnr = Number.isFinite(r.psnr) ? r.psnr.toFixed(1) + " dB" : "∞";
  $("adv-metrics").textContent = "L∞ " + (255 * r.linf).toFixed(1) + "/255 · PSNR " + psnr + " · SSIM "
    + r.ssim.toFixed(3) + " · success " + (100 * r.success).toFixed(0) + "%"
    + (r.target ? " · target " + r.target : "");
  const labels = $("adv-labels");
  labels.textContent = "";
  if (r.adversarial.labels) {
    const before = r.clean.labels, after = r.adversarial.labels;
    labels.append("labels: ");
    for (const l of after) labels.append(chip(l, before.includes(l) ? "" : "added"));
    for (const l of before) if (!after.includes(l)) labels.append(chip(l, "removed"));
    if (!before.length && !after.length) labels.append("none before or after");
  }
  $("adv-mask-figure").hidden = !r.adversarial.mask;
  if (r.adversarial.mask) {
    const image = new Image();
    image.src = r.image;
    await image.decode();
    drawImage($("adv-photo"), image);
    await showMask(r.adversarial.mask, $("adv-overlay"), $("adv-photo"));
  }
  $("attack-result").hidden = false;
}

start();
