export default function Page() {
  return <p>robotwire fixture</p>;
}
