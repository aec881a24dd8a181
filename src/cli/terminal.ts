// How wide the output may be: COLUMNS when set (as shells export it), else the terminal's own
// width; undefined when writing to a file or a pipe, where nothing is cut.
export function terminalWidth(): number | undefined {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}
