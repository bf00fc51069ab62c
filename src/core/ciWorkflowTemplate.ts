// The GitHub workflow "Add the CI Check" writes (the README's GitHub Action example; a test keeps them equal).
export const CI_WORKFLOW_PATH = '.github/workflows/prompt-cost.yml';

export const CI_WORKFLOW_TEMPLATE = `name: prompt cost
on: [pull_request]
permissions:
  contents: read          # check out and read the code
  pull-requests: write    # the cost comment (leave out: the diff goes to the job summary)
  security-events: write  # upload SARIF to code scanning (leave out with the upload step)
jobs:
  cost:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the diff needs the base commit
      - id: cost
        uses: prompt-cost/prompt-cost-auditor@v0.1.0
        with:
          fail-on: error
      - if: always()
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: \${{ steps.cost.outputs.sarif-file }}
          category: prompt-cost
`;
