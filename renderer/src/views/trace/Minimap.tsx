import { useEffect, useRef, useState, type PointerEvent } from 'react';
import type { TraceLayout } from '../../../../shared/trace/waterfall-types.js';
import { useServiceColor } from '../../components/ServiceColors.js';
import type { Zoom } from './WaterfallRowView.js';

interface MinimapProps {
  layout: TraceLayout;
  zoom: Zoom;
  onZoom: (zoom: Zoom) => void;
}

const HEIGHT = 56;

/**
 * The whole trace on a canvas (the cache merges rows into at most a few hundred bars), with the zoomed window
 * shown and a drag across it selecting the window the waterfall zooms into.
 */
export function Minimap({ layout, zoom, onZoom }: MinimapProps) {
  const serviceColor = useServiceColor();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const duration = layout.durationNs || 1;

  useEffect(() => {
    const element = canvas.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    setWidth(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(width * ratio);
    element.height = Math.round(HEIGHT * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, HEIGHT);
    const { bars } = layout.minimap;
    const barHeight = Math.max(1, HEIGHT / Math.max(bars.length, 1));
    bars.forEach((bar, i) => {
      const x = (bar.startNs / duration) * width;
      const w = Math.max(1, ((bar.endNs - bar.startNs) / duration) * width);
      context.fillStyle = bar.error ? '#f2495c' : serviceColor(layout.services[bar.service]?.name ?? '');
      context.fillRect(x, (i / bars.length) * HEIGHT, w, Math.max(1, barHeight - (barHeight > 3 ? 1 : 0)));
    });
    // Dim what lies outside the zoomed window.
    const style = getComputedStyle(element);
    context.fillStyle = style.getPropertyValue('--overlay').trim() || 'rgba(0,0,0,0.6)';
    const zx0 = (zoom.fromNs / duration) * width;
    const zx1 = (zoom.toNs / duration) * width;
    if (zx0 > 0) context.fillRect(0, 0, zx0, HEIGHT);
    if (zx1 < width) context.fillRect(zx1, 0, width - zx1, HEIGHT);
  }, [layout, zoom, width, duration, serviceColor]);

  const xOf = (event: PointerEvent<HTMLElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const x = xOf(event);
    setDrag({ from: x, to: x });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag !== null) setDrag({ ...drag, to: xOf(event) });
  };
  const onPointerUp = () => {
    if (drag === null) return;
    const [a, b] = drag.from < drag.to ? [drag.from, drag.to] : [drag.to, drag.from];
    setDrag(null);
    // A click (no real drag) leaves the zoom alone.
    if (b - a < 3 || width === 0) return;
    onZoom({ fromNs: (a / width) * duration, toNs: (b / width) * duration });
  };

  return (
    <div
      className="wf-minimap"
      data-testid="minimap"
      title="Drag across the trace to zoom into that time range"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
    >
      <canvas ref={canvas} style={{ height: HEIGHT }} />
      {drag !== null && (
        <span className="wf-minimap-drag" style={{ left: Math.min(drag.from, drag.to), width: Math.abs(drag.to - drag.from) }} />
      )}
    </div>
  );
}
