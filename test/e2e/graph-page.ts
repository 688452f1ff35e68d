import type { Locator, Page } from 'playwright-core';

/** What the graph test reads from cytoscape, through the test hook (window.__casefileGraph). */
export interface DrawnNode {
  name: string;
  kind: string;
  classes: string[];
}

export interface DrawnEdge {
  source: string;
  target: string;
  mode: 'sync' | 'async';
  classes: string[];
}

/** Set before the page's scripts run: the graph view exposes its cytoscape instance only when it is there. */
export const TEST_HOOKS_SCRIPT = 'window.__casefileTestHooks = true;';

/** The service graph view's selectors and the cytoscape reads, in one place (as workbench-page.ts for the rest). */
export class GraphPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.locator('[data-testid="nav-graph"]').click();
    await this.waitForPaint();
  }

  async waitForPaint(): Promise<void> {
    await this.page.locator('[data-testid="graph-canvas"][data-painted="true"]').waitFor({ timeout: 60_000 });
  }

  async nodes(): Promise<DrawnNode[]> {
    return this.page.evaluate<DrawnNode[]>(`window.__casefileGraph.nodes().not('.group').map((n) => ({
      name: n.data('name'), kind: n.data('kind'), classes: n.classes() }))`);
  }

  async edges(): Promise<DrawnEdge[]> {
    return this.page.evaluate<DrawnEdge[]>(`window.__casefileGraph.edges().map((e) => ({
      source: e.source().data('name'), target: e.target().data('name'),
      mode: e.hasClass('async') ? 'async' : 'sync', classes: e.classes() }))`);
  }

  /** Model positions of the (non-group) nodes by name: what stays put when the graph changes around them. */
  async positions(): Promise<Record<string, { x: number; y: number }>> {
    return this.page.evaluate(`Object.fromEntries(window.__casefileGraph.nodes().not('.group').map((n) => [n.data('name'), n.position()]))`);
  }

  /**
   * Edges whose label cytoscape draws at the current zoom: a label shows when font size × zoom reaches its
   * min-zoomed-font-size.
   */
  async edgesWithVisibleLabels(): Promise<string[]> {
    return this.page.evaluate(`(() => {
      const cy = window.__casefileGraph;
      return cy.edges().filter((e) => e.style('label') !== '' && parseFloat(e.style('font-size')) * cy.zoom() >= parseFloat(e.style('min-zoomed-font-size')))
        .map((e) => e.source().data('name') + '>' + e.target().data('name'));
    })()`);
  }

  /** Moves the pointer onto an edge's midpoint (hover). */
  async hoverEdge(source: string, target: string): Promise<void> {
    const point = await this.page.evaluate<{ x: number; y: number }>(
      `window.__casefileGraph.edges().filter((e) => e.source().data('name') === ${JSON.stringify(source)}
        && e.target().data('name') === ${JSON.stringify(target)}).first().renderedMidpoint()`,
    );
    const box = await this.page.locator('[data-testid="graph-canvas"]').boundingBox();
    if (box === null) throw new Error('the graph canvas is not on screen');
    await this.page.mouse.move(box.x + point.x, box.y + point.y);
  }

  /** Clicks a node where it is drawn, as a user would. */
  async clickNode(name: string): Promise<void> {
    const point = await this.page.evaluate<{ x: number; y: number }>(
      `window.__casefileGraph.getElementById(${JSON.stringify(`n:${name}`)}).renderedPosition()`,
    );
    await this.clickCanvasAt(point);
  }

  /** Clicks an edge at its drawn midpoint. */
  async clickEdge(source: string, target: string): Promise<void> {
    const point = await this.page.evaluate<{ x: number; y: number }>(
      `window.__casefileGraph.edges().filter((e) => e.source().data('name') === ${JSON.stringify(source)}
        && e.target().data('name') === ${JSON.stringify(target)}).first().renderedMidpoint()`,
    );
    await this.clickCanvasAt(point);
  }

  private async clickCanvasAt(point: { x: number; y: number }): Promise<void> {
    const box = await this.page.locator('[data-testid="graph-canvas"]').boundingBox();
    if (box === null) throw new Error('the graph canvas is not on screen');
    await this.page.mouse.click(box.x + point.x, box.y + point.y);
  }

  sideTitle(): Locator {
    return this.page.locator('[data-testid="graph-side-title"]');
  }

  async loadedOperationRows(service: string): Promise<Locator> {
    await this.page.locator(`[data-testid="service-operations"][data-service="${service}"][data-status="success"]`).waitFor();
    return this.page.locator('[data-testid="operation-row"]');
  }

  async loadedEdgeTraceRows(): Promise<Locator> {
    await this.page.locator('[data-testid="edge-traces"][data-status="success"]').waitFor();
    return this.page.locator('[data-testid="edge-trace-row"]');
  }

  /** The given attributes of every row, in order. */
  async attributesOf(rows: Locator, names: string[]): Promise<(string | null)[][]> {
    return Promise.all((await rows.all()).map((row) => Promise.all(names.map((name) => row.getAttribute(name)))));
  }

  search(): Locator {
    return this.page.locator('[data-testid="graph-search"]');
  }

  colorButton(mode: 'errors' | 'latency'): Locator {
    return this.page.locator(`[data-testid="color-${mode}"]`);
  }
}
