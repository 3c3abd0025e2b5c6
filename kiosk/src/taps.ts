// A double tap must act once. The browser numbers the clicks of one quick gesture (event.detail), so only the
// first click acts; the second lands on the next screen and must not press whatever appeared under the finger.
export function singleTap(action: () => void): (event: MouseEvent) => void {
  return (event) => {
    if (event.detail > 1) return;
    action();
  };
}
