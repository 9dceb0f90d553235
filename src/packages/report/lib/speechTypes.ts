/** What the voice-input button needs from a platform's speech recogniser (speech.ts, speech.h5.ts). */
export interface SpeechHandlers {
  /** Recognised text, once per utterance. */
  onText: (text: string) => void
  /** A Chinese message for the resident. */
  onError: (message: string) => void
  /** Listening stopped (after text, an error or stop()). */
  onEnd: () => void
}

export interface SpeechSession {
  stop: () => void
}
