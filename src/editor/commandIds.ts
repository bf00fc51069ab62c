// Every command id the extension registers, in one place (after vscode-error-lens `src/commands.ts`): user-facing
// commands are contributed in package.json (a test checks the two lists match), internal ones are only called by
// lenses and links and never appear in the palette.

/** Commands contributed in package.json `contributes.commands`, each with the "Prompt Cost" category. */
export enum CommandId {
  AuditWorkspace = 'promptCost.auditWorkspace',
  ShowSummary = 'promptCost.showSummary',
  CompareModels = 'promptCost.compareModels',
  SimulateCache = 'promptCost.simulateCache',
  ToggleCodeLens = 'promptCost.toggleCodeLens',
  OpenConfig = 'promptCost.openConfig',
  ShowLog = 'promptCost.showLog',
  SelectModels = 'promptCost.selectModels',
  ExportReport = 'promptCost.exportReport',
  ImportLiteLLM = 'promptCost.importLiteLLM',
  UpdatePrices = 'promptCost.updatePrices',
  // The Prompt Costs view's title bar and context menu.
  SitesRefresh = 'promptCost.sites.refresh',
  SitesGroupByModel = 'promptCost.sites.groupByModel',
  SitesGroupByFile = 'promptCost.sites.groupByFile',
  SitesReveal = 'promptCost.sites.reveal',
  SitesCompareModels = 'promptCost.sites.compareModels',
  SitesSimulateCache = 'promptCost.sites.simulateCache',
  SitesSuppress = 'promptCost.sites.suppress',
  CountSelectionTokens = 'promptCost.countSelectionTokens',
  ShowSiteDetails = 'promptCost.showSiteDetails',
  OpenWalkthrough = 'promptCost.openWalkthrough',
  AddCiWorkflow = 'promptCost.addCiWorkflow',
}

/** Commands behind CodeLenses and hover links: registered, never contributed. */
export enum InternalCommandId {
  ApplyFindingFix = 'promptCost.applyFindingFix',
  ShowFinding = 'promptCost.showFinding',
}
